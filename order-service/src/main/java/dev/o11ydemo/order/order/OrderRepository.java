package dev.o11ydemo.order.order;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.ListCrudRepository;

interface OrderRepository extends ListCrudRepository<Order, String> {

	Optional<Order> findBySubjectAndIdempotencyKey(String subject, String idempotencyKey);

	Optional<Order> findByIdAndSubject(String id, String subject);

	List<Order> findBySubjectOrderByCreatedAtDescIdDesc(String subject, Pageable page);

	long countBySubject(String subject);

}
