package io.kubecarrier.propagation.kinds;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** A namespaced custom resource type at one version (a value, unlike fabric8's context). */
public record ResourceType(String group, String version, String kind, String plural) {

  public String apiVersion() {
    return group + "/" + version;
  }

  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }

  @Override
  public String toString() {
    return plural + "." + group + "/" + version;
  }
}
