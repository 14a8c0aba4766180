package dev.o11ydemo.suite;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.security.crypto.bcrypt.BCrypt;

import dev.o11ydemo.testsupport.ServiceLauncher;
import dev.o11ydemo.testsupport.Topology;

/**
 * A central Prometheus over two clusters, both ways docs/multi-cluster.md ships, on real
 * binaries: two "cluster" Prometheus processes, east and west, scrape the
 * {@link MonitoredSuite}'s services with the suite's rules (sped up by {@link CiRules}),
 * each labelling what leaves it with its cluster, as scripts/prometheus-config.sh
 * --cluster writes it. West cannot reach service-b (its target is a port nothing listens
 * on), an outage in one cluster only. One central Prometheus federates both; another
 * receives their remote writes and evaluates the rules itself. Each answers only with
 * basic-auth credentials: each cluster its own for its writes, the central server its own
 * for /federate. The figures of what crosses (series and bytes) are printed for
 * docs/multi-cluster.md.
 */
class MultiClusterTests {

	private static final Path ROOT = Topology.root();

	private static final Path REPORTS = Path.of("target/load-test-reports").toAbsolutePath();

	private static final List<String> CLUSTERS = List.of("east", "west");

	private static MonitoredSuite suite;

	private static final List<AutoCloseable> started = new ArrayList<>();

	private static final Map<String, MonitoringProcess> clusters = new TreeMap<>();

	private static WebhookReceiver webhook;

	/** The central Prometheus that federates each cluster's. */
	private static MonitoringProcess federation;

	/** The central Prometheus that receives each cluster's remote writes. */
	private static MonitoringProcess receiver;

	@BeforeAll
	static void start() throws Exception {
		suite = MonitoredSuite.shared();
		Path work = Files.createTempDirectory("multi-cluster");
		Files.writeString(work.resolve("ci.rules.yml"),
				CiRules.from(ROOT.resolve("k8s/components/monitoring/prometheusrule.yaml")));
		webhook = new WebhookReceiver();
		started.add(webhook);
		// Alertmanager as every variant routes: grouped by cluster first.
		Files.writeString(work.resolve("alertmanager.yml"), """
				route:
				  receiver: webhook
				  group_by: [cluster, alertname, application, job]
				  group_wait: 1s
				  group_interval: 1s
				receivers:
				  - name: webhook
				    webhook_configs:
				      - url: %s
				        send_resolved: true
				""".formatted(webhook.url()));
		MonitoringProcess alertmanager = MonitoringProcess.alertmanager("multi-cluster-alertmanager",
				work.resolve("alertmanager.yml"), work.resolve("alertmanager-data"));
		started.add(alertmanager);

		// Every Prometheus here answers only with credentials: the receiver takes each
		// cluster's writes, a cluster serves /federate to the central server, and both
		// serve the test's queries.
		Map<String, String> passwords = new TreeMap<>();
		for (String user : List.of("east", "west", "central", "reader")) {
			passwords.put(user, UUID.randomUUID().toString());
			Files.writeString(work.resolve(user + ".password"), passwords.get(user));
		}
		webConfig(work.resolve("receiver-web.yml"), passwords, List.of("east", "west", "reader"));
		webConfig(work.resolve("cluster-web.yml"), passwords, List.of("central", "reader"));
		MonitoredSuite.writeConfig(work.resolve("receiver.yml"),
				List.of("--central", "--rules", "ci.rules.yml", "--interval", "1s"));
		receiver = MonitoringProcess.prometheus("multi-cluster-receiver", work.resolve("receiver.yml"),
				work.resolve("receiver-data"),
				List.of("--web.enable-remote-write-receiver", "--web.config.file=" + work.resolve("receiver-web.yml")),
				basic("reader", passwords.get("reader")));
		started.add(receiver);

		List<String> federated = new ArrayList<>(List.of("--central", "--interval", "1s"));
		for (String cluster : CLUSTERS) {
			List<String> arguments = new ArrayList<>(List.of("--host", "127.0.0.1", "--cluster", cluster, "--rules",
					"ci.rules.yml", "--alertmanager", alertmanager.address(), "--interval", "1s", "--timeout", "1s",
					"--remote-write", "http://" + receiver.address() + "/api/v1/write", "--remote-write-auth",
					cluster + "=" + work.resolve(cluster + ".password"), "--blackbox", suite.blackbox.address(),
					"--probe-interval", MonitoredSuite.PROBE_INTERVAL));
			for (Map.Entry<String, ServiceProcess> service : suite.services.entrySet()) {
				boolean unreachable = cluster.equals("west") && service.getKey().equals("service-b");
				int port = unreachable ? ServiceLauncher.freePort() : service.getValue().port();
				arguments.addAll(List.of("--port", service.getKey() + "=" + port));
			}
			MonitoredSuite.writeConfig(work.resolve(cluster + ".yml"), arguments);
			MonitoringProcess prometheus = MonitoringProcess.prometheus("multi-cluster-" + cluster,
					work.resolve(cluster + ".yml"), work.resolve(cluster + "-data"),
					List.of("--web.config.file=" + work.resolve("cluster-web.yml")),
					basic("reader", passwords.get("reader")));
			started.add(prometheus);
			clusters.put(cluster, prometheus);
			federated.addAll(List.of("--federate", cluster + "=" + prometheus.address(), "--federate-auth",
					cluster + "=central=" + work.resolve("central.password")));
		}
		MonitoredSuite.writeConfig(work.resolve("federation.yml"), federated);
		// extra-scrape-metrics: each federation scrape's body size, the bandwidth figure.
		federation = MonitoringProcess.prometheus("multi-cluster-federation", work.resolve("federation.yml"),
				work.resolve("federation-data"), List.of("--enable-feature=extra-scrape-metrics"));
		started.add(federation);

		suite.dashboardTraffic(REPORTS, "multi-cluster", "40s");
		for (MonitoringProcess central : List.of(federation, receiver)) {
			suite.await(Duration.ofSeconds(60),
					() -> central.query("count by (cluster) (application:http_requests_errors:ratio_rate30d)")
						.size() == CLUSTERS.size());
		}
	}

	@AfterAll
	static void stop() {
		List<AutoCloseable> stopping = new ArrayList<>(started);
		Collections.reverse(stopping);
		for (AutoCloseable closeable : stopping) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// keep closing the rest
			}
		}
	}

	@Test
	void federatedTheCentralServerHoldsEachClustersRecordedSeriesOncePerClusterAndService() throws Exception {
		assertOneRecordedSeriesPerClusterAndService(federation);
	}

	@Test
	void receivingRemoteWritesTheCentralServerEvaluatesTheRulesOncePerClusterAndService() throws Exception {
		assertOneRecordedSeriesPerClusterAndService(receiver);
		// Nothing refused: a sample the receiver already holds (an alert's series it
		// writes itself) fails the whole batch it came in.
		for (MonitoringProcess cluster : clusters.values()) {
			String metrics = cluster.get("/metrics").body();
			assertThat(total(metrics, "prometheus_remote_storage_samples_total")).isPositive();
			assertThat(total(metrics, "prometheus_remote_storage_samples_failed_total")).isZero();
		}
		// What crossed is the services' and the probes' own series.
		Set<String> jobs = new TreeSet<>(suite.services.keySet());
		jobs.add("blackbox");
		assertThat(new TreeSet<>(receiver.labelValues("job", "{cluster=\"east\"}"))).isEqualTo(jobs);
	}

	@Test
	void aClusterServesFederationOnlyWithCredentials() throws Exception {
		String federate = "http://" + clusters.get("east").address() + "/federate?match[]=up";
		HttpClient client = HttpClient.newHttpClient();
		assertThat(
				client.send(HttpRequest.newBuilder(URI.create(federate)).build(), HttpResponse.BodyHandlers.ofString())
					.statusCode())
			.isEqualTo(401);
		assertThat(client.send(
				HttpRequest.newBuilder(URI.create(federate)).header("Authorization", basic("central", "wrong")).build(),
				HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(401);
	}

	@Test
	void theReceiverRefusesAWriteWithoutItsCredentials() throws Exception {
		// A valid (empty) write request: snappy-compressed protobuf, as Prometheus sends
		// it.
		HttpRequest.Builder write = HttpRequest.newBuilder(URI.create("http://" + receiver.address() + "/api/v1/write"))
			.header("Content-Type", "application/x-protobuf")
			.header("Content-Encoding", "snappy")
			.header("X-Prometheus-Remote-Write-Version", "0.1.0")
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] { 0 }));
		HttpClient client = HttpClient.newHttpClient();
		assertThat(client.send(write.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
		assertThat(client
			.send(write.header("Authorization", basic("east", "not-its-password")).build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(401);
	}

	@Test
	void everyDashboardQueryReturnsDataOnTheCentralServerForEachCluster() throws Exception {
		for (MonitoringProcess central : List.of(federation, receiver)) {
			assertThat(central.labelValues("cluster", "up")).containsExactlyElementsOf(CLUSTERS);
			for (String cluster : CLUSTERS) {
				DashboardsEndToEndTests.Run run = DashboardsEndToEndTests.run(central, Map.of("cluster", cluster));
				assertThat(run.empty()).as("cluster %s on %s", cluster, central.address()).isEmpty();
				assertThat(run.executed()).isGreaterThan(50);
			}
		}
	}

	@Test
	void anAlertCausedInOneClusterNamesThatClusterAndNotTheOther() throws Exception {
		// From the cluster's own Prometheus, through Alertmanager, labelled on leaving
		// it.
		suite.await(Duration.ofSeconds(60), () -> webhook.received("ServiceDown", "firing", "cluster", "west"));
		// Evaluated centrally on the cluster's remote-written series.
		suite.await(Duration.ofSeconds(60),
				() -> !receiver.query("ALERTS{alertname=\"ServiceDown\", alertstate=\"firing\"}").isEmpty());
		for (JsonNode alert : receiver.query("ALERTS{alertname=\"ServiceDown\"}")) {
			assertThat(alert.path("metric").path("cluster").asString()).isEqualTo("west");
			assertThat(alert.path("metric").path("job").asString()).isEqualTo("service-b");
		}
		for (JsonNode alert : webhook.alerts()) {
			if (alert.path("labels").path("alertname").asString().equals("ServiceDown")) {
				assertThat(alert.path("labels").path("cluster").asString()).as(alert.toString()).isEqualTo("west");
				assertThat(alert.path("labels").path("job").asString()).isEqualTo("service-b");
			}
		}
	}

	/**
	 * Prints what crosses per cluster, for docs/multi-cluster.md: series held centrally,
	 * bytes per federation scrape, bytes per remote-written sample. The figures do not
	 * depend on the scrape interval; the docs scale them to production's.
	 */
	@Test
	void whatCrossesIsMeasuredPerCluster() throws Exception {
		for (String cluster : CLUSTERS) {
			long heldByCluster = count(clusters.get(cluster), "count({__name__=~\".+\"})");
			long federated = count(federation, "count({cluster=\"%s\"})".formatted(cluster));
			long written = count(receiver,
					"count({cluster=\"%s\", __name__!~\"application:.+|ALERTS.*\"})".formatted(cluster));
			long federationBytes = count(federation, "scrape_body_size_bytes{job=\"federate-%s\"}".formatted(cluster));
			// A cluster's Prometheus does not scrape itself here: its own counters, read
			// from its /metrics.
			String metrics = clusters.get(cluster).get("/metrics").body();
			double bytesPerSample = total(metrics, "prometheus_remote_storage_bytes_total")
					/ total(metrics, "prometheus_remote_storage_samples_total");
			assertThat(federated).isPositive();
			assertThat(written).isPositive().isLessThan(federated);
			assertThat(federationBytes).isPositive();
			assertThat(bytesPerSample).isPositive();
			System.out.printf(
					"[multi-cluster] %s: %d series in its Prometheus, %d federated (%d B per federation scrape), "
							+ "%d remote-written (%.1f B per sample, compressed)%n",
					cluster, heldByCluster, federated, federationBytes, written, bytesPerSample);
		}
	}

	private static void assertOneRecordedSeriesPerClusterAndService(MonitoringProcess central) throws Exception {
		Map<String, Set<String>> applications = new TreeMap<>();
		for (JsonNode series : central.query("application:http_requests:rate5m")) {
			String cluster = series.path("metric").path("cluster").asString();
			assertThat(applications.computeIfAbsent(cluster, (any) -> new TreeSet<>())
				.add(series.path("metric").path("application").asString()))
				.as("one series of %s per cluster and service", series)
				.isTrue();
		}
		assertThat(applications.keySet()).containsExactlyElementsOf(CLUSTERS);
		assertThat(applications.get("east")).containsAll(suite.services.keySet());
		Set<String> west = new TreeSet<>(suite.services.keySet());
		west.remove("service-b");
		assertThat(applications.get("west")).as("west cannot reach service-b").isEqualTo(west);
	}

	/** The sum of a counter's series in a Prometheus text exposition, counted at all. */
	private static double total(String metrics, String counter) {
		assertThat(metrics).contains(counter);
		double total = metrics.lines()
			.filter((line) -> line.startsWith(counter + "{") || line.startsWith(counter + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
		return total;
	}

	/** A Prometheus web configuration admitting {@code users} with their passwords. */
	private static void webConfig(Path file, Map<String, String> passwords, List<String> users) throws Exception {
		StringBuilder config = new StringBuilder("basic_auth_users:\n");
		for (String user : users) {
			config.append("  %s: '%s'%n".formatted(user, BCrypt.hashpw(passwords.get(user), BCrypt.gensalt())));
		}
		Files.writeString(file, config);
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private static long count(MonitoringProcess prometheus, String promql) throws Exception {
		return (long) value(prometheus, promql);
	}

	private static double value(MonitoringProcess prometheus, String promql) throws Exception {
		JsonNode result = prometheus.query(promql);
		assertThat(result).as(promql).hasSize(1);
		return Double.parseDouble(result.get(0).path("value").get(1).asString());
	}

}
