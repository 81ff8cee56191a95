package io.kubecarrier.registry.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrd;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrdVersion;
import java.util.List;

/**
 * Maps a CustomResourceDefinition of a service cluster to what the catalog needs of it ({@code
 * status.crd} of a CustomResourceDiscovery). Pure, tested on its own.
 */
public final class DiscoveredCrds {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private DiscoveredCrds() {}

  public static DiscoveredCrd from(CustomResourceDefinition crd) {
    CustomResourceDefinitionSpec spec = crd.getSpec();
    DiscoveredCrd d = new DiscoveredCrd();
    d.setGroup(spec.getGroup());
    d.setKind(spec.getNames().getKind());
    d.setListKind(spec.getNames().getListKind());
    d.setSingular(spec.getNames().getSingular());
    d.setPlural(spec.getNames().getPlural());
    d.setScope(spec.getScope());
    d.setVersions(spec.getVersions().stream().map(DiscoveredCrds::version).toList());
    d.setStorageVersion(
        spec.getVersions().stream()
            .filter(v -> Boolean.TRUE.equals(v.getStorage()))
            .map(CustomResourceDefinitionVersion::getName)
            .findFirst()
            .orElse(null));
    return d;
  }

  /** Whether the API server reports the CRD as Established (serving its resources). */
  public static boolean established(CustomResourceDefinition crd) {
    return crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static DiscoveredCrdVersion version(CustomResourceDefinitionVersion v) {
    DiscoveredCrdVersion d = new DiscoveredCrdVersion();
    d.setName(v.getName());
    d.setServed(v.getServed());
    d.setStorage(v.getStorage());
    d.setSchema(v.getSchema() == null ? null : tree(v.getSchema().getOpenAPIV3Schema()));
    List<?> columns = v.getAdditionalPrinterColumns();
    d.setAdditionalPrinterColumns(columns == null || columns.isEmpty() ? null : tree(columns));
    d.setSubresources(tree(v.getSubresources()));
    return d;
  }

  /**
   * {@code value} as a JSON tree, through JSON text, so that it compares equal to the same tree
   * read back from the API server (no spurious status updates).
   */
  private static JsonNode tree(Object value) {
    if (value == null) {
      return null;
    }
    return JSON.unmarshal(JSON.asJson(value), JsonNode.class);
  }
}
