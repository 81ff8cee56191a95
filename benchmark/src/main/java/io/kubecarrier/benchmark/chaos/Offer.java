package io.kubecarrier.benchmark.chaos;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/**
 * A Redis offering as tenants see it: the provider's tenant CRD and its regions (service cluster
 * names of that provider).
 */
record Offer(
    String provider,
    String group,
    String version,
    String kind,
    String plural,
    List<String> regions) {

  String apiVersion() {
    return group + "/" + version;
  }

  ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
