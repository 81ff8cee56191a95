package io.kubecarrier.catalog;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.operator.errors.ApiErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds instances of a tenant CRD: they hold the deletion of its entry, keep withdrawn publications
 * in their namespace, and are reported when they run in a region no longer offered. Each question
 * is one list call with a small {@code limit}, never a full list.
 */
@ApplicationScoped
public class InstanceCounter {

  /** How many instances a sample holds, at most. */
  public static final int SAMPLE = 5;

  @Inject KubernetesClient client;

  /** Up to a few instances of {@code crd}, as {@code namespace/name}; empty when none or no CRD. */
  public List<String> sample(CrdInformation crd) {
    return list(crd, null, null, SAMPLE).stream().map(InstanceCounter::ref).toList();
  }

  /** Whether {@code namespace} holds an instance of {@code crd} (false when there is no CRD). */
  public boolean any(CrdInformation crd, String namespace) {
    return !list(crd, namespace, null, 1).isEmpty();
  }

  /**
   * Up to a few instances of {@code crd} whose region label names none of {@code regions} (regions
   * no longer offered), as region → {@code namespace/name}s. Instances without the label are not
   * counted (the agent labels every instance it places).
   */
  public Map<String, List<String>> outsideRegions(CrdInformation crd, List<String> regions) {
    Map<String, List<String>> out = new TreeMap<>();
    for (GenericKubernetesResource r : list(crd, null, outsideSelector(regions), SAMPLE)) {
      String region = r.getMetadata().getLabels().get(Labels.REGION);
      out.computeIfAbsent(region, k -> new ArrayList<>()).add(ref(r));
    }
    return out;
  }

  /** {@code kubecarrier.io/region,kubecarrier.io/region notin (a,b)}: labelled, and elsewhere. */
  public static String outsideSelector(List<String> regions) {
    return regions.isEmpty()
        ? Labels.REGION
        : Labels.REGION + "," + Labels.REGION + " notin (" + String.join(",", regions) + ")";
  }

  private List<GenericKubernetesResource> list(
      CrdInformation crd, String namespace, String selector, int limit) {
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
    ListOptionsBuilder options = new ListOptionsBuilder().withLimit((long) limit);
    if (selector != null) {
      options.withLabelSelector(selector);
    }
    try {
      var resources = client.genericKubernetesResources(ctx);
      GenericKubernetesResourceList list =
          namespace == null
              ? resources.inAnyNamespace().list(options.build())
              : resources.inNamespace(namespace).list(options.build());
      return list.getItems();
    } catch (RuntimeException e) {
      if (ApiErrors.isNotFound(e)) {
        return List.of();
      }
      throw e;
    }
  }

  private static String ref(GenericKubernetesResource r) {
    return r.getMetadata().getNamespace() + "/" + r.getMetadata().getName();
  }
}
