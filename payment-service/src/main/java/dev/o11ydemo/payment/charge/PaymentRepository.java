package dev.o11ydemo.payment.charge;

import java.util.Optional;

import org.springframework.data.repository.ListCrudRepository;

interface PaymentRepository extends ListCrudRepository<Payment, String> {

	Optional<Payment> findByOrderId(String orderId);

	Optional<Payment> findByIdAndSubject(String id, String subject);

}
