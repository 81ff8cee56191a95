package io.kubecarrier.catalog;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.catalog.support.Errors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/** Finds instances of a tenant CRD, which hold the deletion of its entry. */
@ApplicationScoped
public class InstanceCounter {

  private static final int SAMPLE = 5;

  @Inject KubernetesClient client;

  /** Up to a few instances of {@code crd}, as {@code namespace/name}; empty when none or no CRD. */
  public List<String> sample(CrdInformation crd) {
    if (crd == null || crd.getGroup() == null || crd.getPlural() == null) {
      return List.of();
    }
    String version =
        crd.getStorageVersion() != null ? crd.getStorageVersion() : crd.getVersions().get(0);
    ResourceDefinitionContext ctx =
        new ResourceDefinitionContext.Builder()
            .withGroup(crd.getGroup())
            .withVersion(version)
            .withPlural(crd.getPlural())
            .withKind(crd.getKind())
            .withNamespaced(true)
            .build();
    try {
      GenericKubernetesResourceList list =
          client
              .genericKubernetesResources(ctx)
              .inAnyNamespace()
              .list(new ListOptionsBuilder().withLimit((long) SAMPLE).build());
      return list.getItems().stream().map(InstanceCounter::ref).toList();
    } catch (RuntimeException e) {
      if (Errors.isNotFound(e)) {
        return List.of();
      }
      throw e;
    }
  }

  private static String ref(GenericKubernetesResource r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }
}
