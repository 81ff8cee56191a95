package io.kubecarrier.catalog.entry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.catalog.support.Ownership;
import java.util.Set;

/** Maps cluster-scoped objects made for a CatalogEntry back to it. Static, unit-tested. */
public final class EntryMappers {
  private EntryMappers() {}

  /**
   * The entry named in the {@code kubecarrier.io/source} annotation ({@code namespace/name}) of an
   * object this operator made for a CatalogEntry; nothing for other objects.
   */
  public static Set<ResourceID> fromSource(HasMetadata o) {
    if (!Ownership.isManaged(o)
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
}
