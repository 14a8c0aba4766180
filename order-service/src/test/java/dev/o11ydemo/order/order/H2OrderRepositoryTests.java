package dev.o11ydemo.order.order;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** The repository contract on H2, the embedded default. */
@SpringBootTest(webEnvironment = WebEnvironment.NONE)
class H2OrderRepositoryTests extends OrderRepositoryContract {

}
