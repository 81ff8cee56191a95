package io.kubecarrier.api.crd;

import io.fabric8.kubernetes.client.CustomResource;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentryset.CatalogEntrySet;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.provider.Provider;
import io.kubecarrier.api.region.Region;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.tenant.Tenant;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The kinds of DESIGN.md §3 and where their generated CRDs are. */
final class KubeCarrierKinds {

  static final List<Class<? extends CustomResource<?, ?>>> ALL =
      List.of(
          Account.class,
          Catalog.class,
          CatalogEntry.class,
          CatalogEntrySet.class,
          Offering.class,
          Provider.class,
          Region.class,
          Tenant.class,
          ServiceCluster.class,
          ServiceClusterAssignment.class,
          CustomResourceDiscovery.class);

  /** Where the crd-generator-maven-plugin writes the CRDs of this module. */
  static final Path GENERATED_DIR =
      Path.of(System.getProperty("basedir", "."), "target", "classes", "META-INF", "fabric8");

  private KubeCarrierKinds() {}

  /** File name the generator uses for the CRD of a kind: {@code <plural>.<group>-v1.yml}. */
  static String fileName(Class<? extends CustomResource<?, ?>> kind) {
    return CustomResource.getCRDName(kind) + "-v1.yml";
  }

  static Set<String> expectedFileNames() {
    Set<String> names = new TreeSet<>();
    ALL.forEach(k -> names.add(fileName(k)));
    return names;
  }
}
