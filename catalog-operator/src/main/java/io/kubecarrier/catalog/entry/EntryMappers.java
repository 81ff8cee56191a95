package io.kubecarrier.catalog.entry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.catalog.support.Ownership;
import io.kubecarrier.operator.ownership.Metadata;
import java.util.Set;

/**
 * Maps objects made for a CatalogEntry back to it: cluster-scoped ones (CRD, admission policy) and
 * what the Catalogs publish per entry in tenant namespaces. Static, unit-tested.
 */
public final class EntryMappers {
  private EntryMappers() {}

  /**
   * The entry named in the {@code kubecarrier.io/source} annotation ({@code namespace/name}) of an
   * object this operator made for a CatalogEntry; nothing for other objects.
   */
  public static Set<ResourceID> fromSource(HasMetadata o) {
    if (!Metadata.isManagedBy(o, Ownership.MANAGER)
        || !CatalogEntry.KIND.equals(o.getMetadata().getLabels().get(Labels.OWNER_KIND))
        || o.getMetadata().getAnnotations() == null) {
      return Set.of();
    }
    String source = o.getMetadata().getAnnotations().get(Annotations.SOURCE);
    if (source == null || source.indexOf('/') <= 0) {
      return Set.of();
    }
    int slash = source.indexOf('/');
    return Set.of(new ResourceID(source.substring(slash + 1), source.substring(0, slash)));
  }

  /**
   * The entry of an Offering, Role or RoleBinding published for it in a tenant namespace: the
   * {@code kubecarrier.io/source} annotation ({@code <provider>/<entry>}) when present, else the
   * labels {@code kubecarrier.io/provider} and {@code kubecarrier.io/catalog-entry}; nothing for
   * objects not managed by this operator.
   */
  public static Set<ResourceID> fromPublished(HasMetadata o) {
    if (!Metadata.isManagedBy(o, Ownership.MANAGER)) {
      return Set.of();
    }
    String source =
        o.getMetadata().getAnnotations() == null
            ? null
            : o.getMetadata().getAnnotations().get(Annotations.SOURCE);
    if (source != null && source.indexOf('/') > 0) {
      int slash = source.indexOf('/');
      return Set.of(new ResourceID(source.substring(slash + 1), source.substring(0, slash)));
    }
    String entry = o.getMetadata().getLabels().get(Labels.CATALOG_ENTRY);
    String provider = o.getMetadata().getLabels().get(Labels.PROVIDER);
    return entry == null || provider == null ? Set.of() : Set.of(new ResourceID(entry, provider));
  }
}
