package dev.o11ydemo.demoservice.faults;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.cloud.openfeign.FeignClient;
import org.springframework.util.ClassUtils;

/**
 * The services this one calls: the names of its Feign clients ({@code @FeignClient}),
 * looked up once, when a dependency fault is first asked for. None where Feign is not on
 * the class path.
 */
final class FeignDependencies implements Supplier<Set<String>> {

	private static final String FEIGN_CLIENT = "org.springframework.cloud.openfeign.FeignClient";

	private final ListableBeanFactory beans;

	private volatile Set<String> names;

	FeignDependencies(ListableBeanFactory beans) {
		this.beans = beans;
	}

	@Override
	public Set<String> get() {
		Set<String> names = this.names;
		if (names == null) {
			names = find();
			this.names = names;
		}
		return names;
	}

	private Set<String> find() {
		if (!ClassUtils.isPresent(FEIGN_CLIENT, getClass().getClassLoader())) {
			return Set.of();
		}
		Set<String> names = new TreeSet<>();
		for (String bean : this.beans.getBeanNamesForAnnotation(FeignClient.class)) {
			FeignClient client = this.beans.findAnnotationOnBean(bean, FeignClient.class);
			if (client != null) {
				names.add(!client.name().isEmpty() ? client.name() : client.value());
			}
		}
		return Collections.unmodifiableSet(names);
	}

}
