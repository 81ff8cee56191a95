package io.kubecarrier.catalog.catalog;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.operator.ownership.Metadata;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Maps secondary objects to Catalogs. Everything a Catalog depends on is keyed by the provider
 * namespace, so each mapper finds that namespace and returns every Catalog in it.
 */
public final class CatalogMappers {
  private CatalogMappers() {}

  /** Objects in the provider namespace (Tenants, CatalogEntries, ServiceClusters, assignments). */
  public static Set<ResourceID> byNamespace(
      HasMetadata o, Function<String, Stream<Catalog>> catalogsIn) {
    return ids(catalogsIn.apply(o.getMetadata().getNamespace()));
  }

  /**
   * Published objects in tenant namespaces: the provider namespace named by their owner label
   * {@code kubecarrier.io/owner-namespace} and by {@code kubecarrier.io/provider} (the same
   * namespace; both, so that an object whose one label was edited by hand still reaches the
   * Catalogs that set it back).
   */
  public static Set<ResourceID> byOwner(
      HasMetadata o, Function<String, Stream<Catalog>> catalogsIn) {
    return ids(
        Stream.of(Labels.OWNER_NAMESPACE, Labels.PROVIDER)
            .map(key -> Metadata.label(o, key))
            .filter(Objects::nonNull)
            .distinct()
            .flatMap(catalogsIn));
  }

  /**
   * Accounts: the provider account (named like its namespace) and every provider namespace that has
   * a Tenant of the account.
   */
  public static Set<ResourceID> byAccount(
      HasMetadata account,
      Function<String, Stream<Catalog>> catalogsIn,
      Function<String, Stream<String>> namespacesWithTenant) {
    String name = account.getMetadata().getName();
    return ids(
        Stream.concat(Stream.of(name), namespacesWithTenant.apply(name))
            .distinct()
            .flatMap(catalogsIn));
  }

  private static Set<ResourceID> ids(Stream<Catalog> catalogs) {
    return catalogs.map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
