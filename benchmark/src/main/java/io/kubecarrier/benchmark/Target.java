package io.kubecarrier.benchmark;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import java.util.List;
import java.util.Map;

/**
 * A system under measurement: the hub (tenant instances of the offered CRD, propagated by the
 * propagation agent) or the baseline (instances of a copy of that CRD, propagated by {@link
 * BaselineCopier}). Both write the sample {@code Redis} of the service clusters.
 */
record Target(String name, ResourceDefinitionContext tenant, boolean hub) {

  static final String HUB = "hub";
  static final String BASELINE = "baseline";

  /** The service-cluster namespace of instances of tenant namespace {@code ns}. */
  String serviceNamespace(String ns) {
    return hub
        ? Names.serviceNamespaceName(io.kubecarrier.e2e.Walkthrough.PROVIDER, ns)
        : BaselineCopier.NAMESPACE_PREFIX + ns;
  }

  /** Whether a service-side Redis was written by this system. */
  boolean owns(GenericKubernetesResource service) {
    Map<String, String> labels = service.getMetadata().getLabels();
    if (labels == null) {
      return false;
    }
    return hub
        ? Labels.MANAGED_BY_PROPAGATION_AGENT.equals(labels.get(Labels.MANAGED_BY))
        : labels.containsKey(BaselineCopier.OWNER_NAMESPACE);
  }

  /** {@code namespace/name} of the tenant instance a service-side object of this system copies. */
  String tenantKey(GenericKubernetesResource service) {
    Map<String, String> labels = service.getMetadata().getLabels();
    String ns = labels.get(hub ? Labels.OWNER_NAMESPACE : BaselineCopier.OWNER_NAMESPACE);
    return ns + "/" + service.getMetadata().getName();
  }

  /**
   * Whether a tenant instance is ready: the sample operator's {@code phase: Running} is back in its
   * status, and for the hub also {@code status.kubecarrier} says Synced.
   */
  boolean isReady(GenericKubernetesResource tenant) {
    return tenant.getAdditionalProperties().get("status") instanceof Map<?, ?> status
        && "Running".equals(status.get("phase"))
        && (!hub || isSynced(tenant));
  }

  /**
   * Whether the hub reports a tenant instance as applied to its service cluster ({@code Synced}
   * condition True in {@code status.kubecarrier}); the baseline reports nothing of the kind.
   */
  @SuppressWarnings("unchecked")
  static boolean isSynced(GenericKubernetesResource tenant) {
    if (!(tenant.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("kubecarrier") instanceof Map<?, ?> block)
        || !(block.get("conditions") instanceof List<?> conditions)) {
      return false;
    }
    return conditions.stream()
        .map(c -> (Map<String, Object>) c)
        .anyMatch(c -> "Synced".equals(c.get("type")) && "True".equals(c.get("status")));
  }
}
