package dev.o11ydemo.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The Secrets Store CSI driver's SecretProviderClass
 * ({@code secrets-store.csi.x-k8s.io/v1}), as a typed model for the strict read of
 * {@link Manifests}: its fields are those of the CRD's {@code openAPIV3Schema} in the
 * driver's chart 1.6.0
 * ({@code charts/secrets-store-csi-driver/crds/secrets-store.csi.x-k8s.io_secretproviderclasses.yaml}
 * in kubernetes-sigs/secrets-store-csi-driver), where every field is optional and every
 * map holds strings. A field the schema does not have lands in additionalProperties,
 * which the read refuses.
 */
@Group("secrets-store.csi.x-k8s.io")
@Version("v1")
@Kind("SecretProviderClass")
public class SecretProviderClass extends CustomResource<SecretProviderClass.Spec, Void> implements Namespaced {

	/**
	 * The CRD's spec: the provider, its parameters, and the Secrets the driver writes.
	 */
	public static class Spec extends Extra {

		private String provider;

		private Map<String, String> parameters;

		private List<SecretObject> secretObjects;

		public String getProvider() {
			return this.provider;
		}

		public void setProvider(String provider) {
			this.provider = provider;
		}

		public Map<String, String> getParameters() {
			return this.parameters;
		}

		public void setParameters(Map<String, String> parameters) {
			this.parameters = parameters;
		}

		public List<SecretObject> getSecretObjects() {
			return this.secretObjects;
		}

		public void setSecretObjects(List<SecretObject> secretObjects) {
			this.secretObjects = secretObjects;
		}

	}

	/** A Kubernetes Secret the driver writes from mounted objects. */
	public static class SecretObject extends Extra {

		private String secretName;

		private String type;

		private Map<String, String> labels;

		private Map<String, String> annotations;

		private List<Data> data;

		public String getSecretName() {
			return this.secretName;
		}

		public void setSecretName(String secretName) {
			this.secretName = secretName;
		}

		public String getType() {
			return this.type;
		}

		public void setType(String type) {
			this.type = type;
		}

		public Map<String, String> getLabels() {
			return this.labels;
		}

		public void setLabels(Map<String, String> labels) {
			this.labels = labels;
		}

		public Map<String, String> getAnnotations() {
			return this.annotations;
		}

		public void setAnnotations(Map<String, String> annotations) {
			this.annotations = annotations;
		}

		public List<Data> getData() {
			return this.data;
		}

		public void setData(List<Data> data) {
			this.data = data;
		}

	}

	/** One key of a written Secret and the mounted object it comes from. */
	public static class Data extends Extra {

		private String objectName;

		private String key;

		public String getObjectName() {
			return this.objectName;
		}

		public void setObjectName(String objectName) {
			this.objectName = objectName;
		}

		public String getKey() {
			return this.key;
		}

		public void setKey(String key) {
			this.key = key;
		}

	}

	/** Collects fields the schema does not have, for {@link Manifests} to refuse. */
	public abstract static class Extra {

		private final Map<String, Object> additionalProperties = new LinkedHashMap<>();

		@JsonAnyGetter
		public Map<String, Object> getAdditionalProperties() {
			return this.additionalProperties;
		}

		@JsonAnySetter
		public void setAdditionalProperty(String name, Object value) {
			this.additionalProperties.put(name, value);
		}

	}

}
