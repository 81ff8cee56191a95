package io.kubecarrier.catalog.entryset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubecarrier.api.catalogentryset.CatalogEntrySet;
import java.util.Set;
import java.util.stream.Collectors;

/** Maps secondary objects to the CatalogEntrySets they belong to. Static, unit-tested. */
public final class EntrySetMappers {
  private EntrySetMappers() {}

  /** The sets named in the ownerReferences of {@code o} (same namespace). */
  public static Set<ResourceID> fromOwner(HasMetadata o) {
    if (o.getMetadata().getOwnerReferences() == null) {
      return Set.of();
    }
    return o.getMetadata().getOwnerReferences().stream()
        .filter(r -> CatalogEntrySet.KIND.equals(r.getKind()))
        .filter(
            r -> r.getApiVersion() != null && r.getApiVersion().startsWith(CatalogEntrySet.GROUP))
        .map(r -> new ResourceID(r.getName(), o.getMetadata().getNamespace()))
        .collect(Collectors.toSet());
  }
}
