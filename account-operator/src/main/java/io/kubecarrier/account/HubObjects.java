package io.kubecarrier.account;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentryset.CatalogEntrySet;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * The hub objects in an account namespace that need an orderly teardown by their own operators
 * before the namespace may go: ServiceClusters, ServiceClusterAssignments, CatalogEntrySets,
 * CatalogEntries, Catalogs, and tenant instances (objects of the tenant-facing CRDs, which carry
 * the label {@code kubecarrier.io/catalog-entry}). The account operator only reads them; deleting
 * them is the user's decision.
 */
public final class HubObjects {

  /** The hub kinds checked, in the order they are listed. */
  static final List<Class<? extends HasMetadata>> KINDS =
      List.of(
          ServiceCluster.class,
          ServiceClusterAssignment.class,
          CatalogEntrySet.class,
          CatalogEntry.class,
          Catalog.class);

  private HubObjects() {}

  /**
   * What holds the deletion of the namespace {@code namespace}, as {@code Kind/name} entries; a
   * kind the operator may not list is named as such, so the deletion waits rather than risking a
   * disorderly teardown.
   */
  public static List<String> blocking(KubernetesClient client, String namespace) {
    List<String> found = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : KINDS) {
      for (HasMetadata o : client.resources(kind).inNamespace(namespace).list().getItems()) {
        found.add(o.getKind() + "/" + o.getMetadata().getName());
      }
    }
    for (CustomResourceDefinition crd :
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withLabel(Labels.CATALOG_ENTRY)
            .list()
            .getItems()) {
      found.addAll(instances(client, crd, namespace));
    }
    return found;
  }

  private static List<String> instances(
      KubernetesClient client, CustomResourceDefinition crd, String namespace) {
    if (!"Namespaced".equals(crd.getSpec().getScope())) {
      return List.of();
    }
    String version =
        crd.getSpec().getVersions().stream()
            .filter(CustomResourceDefinitionVersion::getStorage)
            .map(CustomResourceDefinitionVersion::getName)
            .findFirst()
            .orElse(null);
    if (version == null) {
      return List.of();
    }
    String kind = crd.getSpec().getNames().getKind();
    try {
      return client
          .genericKubernetesResources(crd.getSpec().getGroup() + "/" + version, kind)
          .inNamespace(namespace)
          .list()
          .getItems()
          .stream()
          .map(GenericKubernetesResource::getMetadata)
          .map(m -> kind + "/" + m.getName())
          .toList();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        return List.of(); // the CRD went away meanwhile
      }
      if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        return List.of(
            kind
                + " instances (cannot be checked: the account-operator may not list "
                + crd.getMetadata().getName()
                + "; see docs/account-operator.md)");
      }
      throw e;
    }
  }
}
