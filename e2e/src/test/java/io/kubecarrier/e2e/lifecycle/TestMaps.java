package io.kubecarrier.e2e.lifecycle;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading and editing the untyped parts of objects in tests. */
final class TestMaps {

  private TestMaps() {}

  /** The object's {@code spec}, created when absent, editable. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(GenericKubernetesResource r) {
    Object spec = r.getAdditionalProperties().get("spec");
    if (!(spec instanceof Map<?, ?>)) {
      spec = new LinkedHashMap<String, Object>();
      r.setAdditionalProperty("spec", spec);
    }
    return (Map<String, Object>) spec;
  }

  /** {@code status.kubecarrier} of a tenant instance, empty when absent. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> kubecarrier(GenericKubernetesResource r) {
    if (r == null || !(r.getAdditionalProperties().get("status") instanceof Map<?, ?> s)) {
      return Map.of();
    }
    return ((Map<String, Object>) s).get("kubecarrier") instanceof Map<?, ?> k
        ? (Map<String, Object>) k
        : Map.of();
  }
}
