package dev.o11ydemo.demoservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * The servlet filter chain of a service with both starters is the one
 * {@link DemoServiceFilters} writes down: Boot's observation filter first, then the
 * starter's filters in their order, at the orders named there.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class DemoServiceFiltersTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void theRegisteredChainIsTheDocumentedOneAfterBootsObservationFilter() {
		@SuppressWarnings("rawtypes")
		Map<String, FilterRegistrationBean> registrations = this.context.getBeansOfType(FilterRegistrationBean.class);
		Map<String, Integer> orders = new LinkedHashMap<>();
		registrations.values()
			.stream()
			.sorted(Comparator.comparingInt(FilterRegistrationBean::getOrder))
			.forEach((registration) -> orders.put(registration.getFilter().getClass().getSimpleName(),
					registration.getOrder()));
		Map<String, Integer> documented = new LinkedHashMap<>();
		documented.put(ServerHttpObservationFilter.class.getSimpleName(), DemoServiceFilters.OBSERVATION);
		documented.put("AcceptHeaderFilter", DemoServiceFilters.ACCEPT_HEADER);
		documented.put("FaultControlGuard", DemoServiceFilters.FAULT_CONTROL_GUARD);
		documented.put("RequestBodyFilter", DemoServiceFilters.REQUEST_BODY);
		Map<String, Integer> registered = new LinkedHashMap<>(orders);
		registered.keySet().retainAll(documented.keySet());
		assertThat(registered).as("the chain, in order, of all registered: %s", orders)
			.containsExactlyEntriesOf(documented);
	}

}
