package dev.o11ydemo.observability.metrics;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusOutputFormat;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /metrics}, where the original services and the scrape configs written for
 * them expect it. Serves the actuator's Prometheus scrape: the classic text format by
 * default, OpenMetrics (with exemplars) when the scraper asks for it, as Prometheus does.
 */
@RestController
class MetricsScrapeController {

	private final PrometheusScrapeEndpoint endpoint;

	MetricsScrapeController(PrometheusScrapeEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	@GetMapping("/metrics")
	ResponseEntity<byte[]> scrape(@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
			@RequestParam(name = "includedNames", required = false) Set<String> includedNames) {
		PrometheusOutputFormat format = negotiate(accept);
		WebEndpointResponse<byte[]> response = this.endpoint.scrape(format, includedNames);
		return ResponseEntity.status(response.getStatus())
			.contentType(MediaType.asMediaType(format.getProducedMimeType()))
			.body(response.getBody());
	}

	static PrometheusOutputFormat negotiate(String accept) {
		if (accept == null || accept.isBlank()) {
			return PrometheusOutputFormat.CONTENT_TYPE_004;
		}
		List<MediaType> accepted;
		try {
			accepted = MediaType.parseMediaTypes(accept);
		}
		catch (IllegalArgumentException ex) {
			return PrometheusOutputFormat.CONTENT_TYPE_004;
		}
		// Stable sort: among equal qualities the scraper's own order wins.
		accepted = accepted.stream().sorted(Comparator.comparingDouble(MediaType::getQualityValue).reversed()).toList();
		for (MediaType mediaType : accepted) {
			if (mediaType.isWildcardType() || mediaType.isWildcardSubtype()) {
				continue;
			}
			for (PrometheusOutputFormat format : PrometheusOutputFormat.values()) {
				if (format.getProducedMimeType().isCompatibleWith(mediaType)) {
					return format;
				}
			}
		}
		return PrometheusOutputFormat.CONTENT_TYPE_004;
	}

}
