package io.kubecarrier.catalog.entry;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.catalog.support.Ownership;
import io.kubecarrier.operator.ownership.Metadata;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether a tenant CRD may be created: its name must be free or already ours, and no other CRD may
 * serve the same kind in the same group. Two entries that want the same tenant CRD: the one whose
 * CRD exists keeps it, the other is refused.
 */
public final class Collisions {
  private Collisions() {}

  /** Why {@code desired} collides with one of {@code existing}, if it does. */
  public static Optional<String> find(
      CatalogEntry entry,
      CustomResourceDefinition desired,
      Stream<CustomResourceDefinition> existing) {
    String name = desired.getMetadata().getName();
    String group = desired.getSpec().getGroup();
    String kind = desired.getSpec().getNames().getKind();
    return existing
        .map(
            c -> {
              boolean ours = Ownership.isOwnedBy(c, entry);
              if (c.getMetadata().getName().equals(name)) {
                return ours
                    ? null
                    : "the CRD "
                        + name
                        + " already exists and belongs to "
                        + owner(c)
                        + "; choose another kind, plural or group in spec.tenantCRD";
              }
              if (!ours
                  && Objects.equals(c.getSpec().getGroup(), group)
                  && Objects.equals(c.getSpec().getNames().getKind(), kind)) {
                return "kind "
                    + kind
                    + " of group "
                    + group
                    + " is already served by CRD "
                    + c.getMetadata().getName()
                    + " of "
                    + owner(c)
                    + "; choose another kind or group in spec.tenantCRD";
              }
              return null;
            })
        .filter(Objects::nonNull)
        .findFirst();
  }

  private static String owner(CustomResourceDefinition c) {
    if (Metadata.isManagedBy(c, Ownership.MANAGER)
        && c.getMetadata().getAnnotations() != null
        && c.getMetadata().getAnnotations().get(Annotations.SOURCE) != null) {
      return "CatalogEntry " + c.getMetadata().getAnnotations().get(Annotations.SOURCE);
    }
    return "something other than KubeCarrier";
  }
}
