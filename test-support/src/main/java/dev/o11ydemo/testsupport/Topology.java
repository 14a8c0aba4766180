package dev.o11ydemo.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The suite's services as {@code scripts/services} lists them, the one list the run
 * script, the image build, the release workflow and the tests read: in start order, each
 * with its default port and the variables through which it finds the services it calls.
 *
 * @param services the services, in start order
 */
public record Topology(List<Service> services) {

	/** Where the list lives, relative to the repository's root. */
	public static final String FILE = "scripts/services";

	/**
	 * One service.
	 *
	 * @param name its module and service name
	 * @param port its default port
	 * @param dependencies the variable that holds each called service's base URL, and
	 * that service's name
	 */
	public record Service(String name, int port, Map<String, String> dependencies) {

		/**
		 * The service's wiring: each dependency variable set to the base URL that
		 * {@code baseUrl} gives for the service it names.
		 */
		public Map<String, String> wiring(Function<String, String> baseUrl) {
			Map<String, String> environment = new LinkedHashMap<>();
			this.dependencies.forEach((variable, service) -> environment.put(variable, baseUrl.apply(service)));
			return environment;
		}

	}

	/**
	 * The topology of the repository that holds the working directory (or the folder the
	 * {@code suite.root} system property names).
	 */
	public static Topology read() {
		return read(root().resolve(FILE));
	}

	/** The topology in {@code file}. */
	public static Topology read(Path file) {
		List<Service> services = new ArrayList<>();
		try {
			for (String line : Files.readAllLines(file)) {
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] parts = line.trim().split("\\s+");
				Map<String, String> dependencies = new LinkedHashMap<>();
				for (int i = 2; i < parts.length; i++) {
					String[] pair = parts[i].split("=", 2);
					if (pair.length != 2) {
						throw new IllegalStateException(file + ": '" + parts[i] + "' is not VARIABLE=service");
					}
					dependencies.put(pair[0], pair[1]);
				}
				services.add(new Service(parts[0], Integer.parseInt(parts[1]), dependencies));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		List<String> names = services.stream().map(Service::name).toList();
		for (int i = 0; i < services.size(); i++) {
			for (String called : services.get(i).dependencies().values()) {
				if (!names.subList(0, i).contains(called)) {
					throw new IllegalStateException(file + ": " + services.get(i).name() + " calls " + called
							+ ", which is not listed before it");
				}
			}
		}
		return new Topology(List.copyOf(services));
	}

	/**
	 * The repository's root: {@code suite.root}, else the nearest folder with the list.
	 */
	public static Path root() {
		String configured = System.getProperty("suite.root");
		if (configured != null) {
			return Path.of(configured).toAbsolutePath().normalize();
		}
		for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
			if (Files.isRegularFile(folder.resolve(FILE))) {
				return folder;
			}
		}
		throw new IllegalStateException("no " + FILE + " in the working directory or above it");
	}

	/** The services' names, in start order. */
	public List<String> names() {
		return this.services.stream().map(Service::name).toList();
	}

	/** The service called {@code name}. */
	public Service service(String name) {
		return this.services.stream()
			.filter((service) -> service.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no service " + name + " in " + FILE));
	}

}
