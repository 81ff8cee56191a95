package io.kubecarrier.catalog.entryset;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentry.CatalogEntrySpec;
import io.kubecarrier.api.catalogentryset.CatalogEntrySet;
import io.kubecarrier.api.catalogentryset.CatalogEntrySetSpec;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.TenantCrdOverride;
import io.kubecarrier.catalog.support.Ownership;
import java.util.Map;

/**
 * The CatalogEntry of a CatalogEntrySet: same name and namespace, spec copied from the set. An
 * ownerReference to the set (same namespace) is allowed; the entry's own finalizer still guards its
 * tenant CRD.
 */
public final class Entries {
  private Entries() {}

  /**
   * The entry the set wants. It carries the set's own labels (so a Catalog's {@code
   * catalogEntrySelector} can select by the labels a provider put on the set), then ours.
   */
  public static CatalogEntry desired(CatalogEntrySet set) {
    CatalogEntry e = new CatalogEntry();
    Map<String, String> labels = new java.util.TreeMap<>();
    if (set.getMetadata().getLabels() != null) {
      labels.putAll(set.getMetadata().getLabels());
    }
    labels.putAll(Ownership.labels(set));
    labels.put(Labels.CATALOG_ENTRY_SET, Names.labelValue(set.getMetadata().getName()));
    e.setMetadata(
        new ObjectMetaBuilder()
            .withName(set.getMetadata().getName())
            .withNamespace(set.getMetadata().getNamespace())
            .withLabels(labels)
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(CatalogEntrySet.API_VERSION)
                    .withKind(CatalogEntrySet.KIND)
                    .withName(set.getMetadata().getName())
                    .withUid(set.getMetadata().getUid())
                    .build())
            .build());
    CatalogEntrySpec spec = new CatalogEntrySpec();
    spec.setMetadata(set.getSpec().getMetadata());
    spec.setCatalogEntrySet(ObjectReference.of(set.getMetadata().getName()));
    TenantCrdOverride override = tenantCrdOverride(set.getSpec());
    spec.setTenantCrd(isEmpty(override) ? null : override);
    spec.setDerive(set.getSpec().getDerive());
    spec.setRelatedResources(set.getSpec().getRelatedResources());
    spec.setPropagateMetadata(set.getSpec().getPropagateMetadata());
    e.setSpec(spec);
    return e;
  }

  /**
   * The overrides of the tenant CRD: {@code spec.tenantCRD}, with the kind falling back to the
   * KubeCarrier field {@code spec.discover.kindOverride}.
   */
  public static TenantCrdOverride tenantCrdOverride(CatalogEntrySetSpec spec) {
    TenantCrdOverride o = spec.getTenantCrd();
    String kindOverride = spec.getDiscover() == null ? null : spec.getDiscover().getKindOverride();
    String group = o == null ? null : o.getGroup();
    String kind = o != null && o.getKind() != null ? o.getKind() : kindOverride;
    String plural = o == null ? null : o.getPlural();
    return new TenantCrdOverride(group, kind, plural);
  }

  private static boolean isEmpty(TenantCrdOverride o) {
    return o.getGroup() == null && o.getKind() == null && o.getPlural() == null;
  }
}
