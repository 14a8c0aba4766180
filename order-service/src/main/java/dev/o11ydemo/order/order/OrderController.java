package dev.o11ydemo.order.order;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.o11ydemo.authclient.Authenticator;
import dev.o11ydemo.demoservice.problems.Problems;

/**
 * Routes under {@code /order}, the ALB prefix of order-service. Every route needs a
 * bearer token from {@code POST /login}; a user sees only their own orders.
 */
@RestController
@RequestMapping("/order")
class OrderController {

	private final Authenticator authenticator;

	private final Orders orders;

	private final OrderRepository repository;

	OrderController(Authenticator authenticator, Orders orders, OrderRepository repository) {
		this.authenticator = authenticator;
		this.orders = orders;
		this.repository = repository;
	}

	/**
	 * 201 with the new order; 200 with the original order when the Idempotency-Key was
	 * seen before.
	 */
	@PostMapping
	ResponseEntity<OrderView> place(
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@RequestHeader(name = "Idempotency-Key", required = false) @Size(min = 1, max = 255) String idempotencyKey,
			@Valid @RequestBody OrderRequest request) {
		String subject = this.authenticator.subject(authorization);
		Orders.Placed placed = this.orders.place(subject, authorization, idempotencyKey, request);
		OrderView view = OrderView.of(placed.order());
		if (!placed.created()) {
			return ResponseEntity.ok().header("Idempotent-Replayed", "true").body(view);
		}
		return ResponseEntity.created(URI.create("/order/" + view.id())).body(view);
	}

	@GetMapping("/{id}")
	OrderView order(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@PathVariable String id) {
		String subject = this.authenticator.subject(authorization);
		return this.repository.findByIdAndSubject(id, subject)
			.map(OrderView::of)
			.orElseThrow(() -> Problems.exception(HttpStatus.NOT_FOUND, "order-not-found", "Order not found",
					"No order with id " + id + "."));
	}

	/** The caller's orders, newest first, at most 100 a page. */
	@GetMapping
	OrderPage orders(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String authorization,
			@RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
		String subject = this.authenticator.subject(authorization);
		List<OrderView> items = this.repository.findPageBySubject(subject, page, size)
			.stream()
			.map(OrderView::of)
			.toList();
		return new OrderPage(items, page, size, this.repository.countBySubject(subject));
	}

	record OrderView(String id, String item, int quantity, BigDecimal amount, String currency, String status,
			String paymentId, String failureReason, Instant createdAt) {

		static OrderView of(Order order) {
			return new OrderView(order.id(), order.item(), order.quantity(), order.amount(), order.currency(),
					order.status(), order.paymentId(), order.failureReason(), order.createdAt());
		}

	}

	record OrderPage(List<OrderView> items, int page, int size, long totalItems) {
	}

}
