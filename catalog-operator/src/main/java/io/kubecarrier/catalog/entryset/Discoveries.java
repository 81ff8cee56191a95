package io.kubecarrier.catalog.entryset;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kubecarrier.api.catalogentryset.CatalogEntrySet;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscoverySpec;
import io.kubecarrier.catalog.support.Ownership;
import java.util.Map;

/**
 * The CustomResourceDiscoveries of a CatalogEntrySet: one per selected ServiceCluster, named {@code
 * <set>.<cluster>}, in the set's namespace. An ownerReference to the set (same namespace) lets
 * Kubernetes collect them, and the labels let the operator find them.
 */
public final class Discoveries {
  private Discoveries() {}

  /** The discovery the set wants for {@code serviceCluster}. */
  public static CustomResourceDiscovery desired(CatalogEntrySet set, String serviceCluster) {
    CustomResourceDiscovery d = new CustomResourceDiscovery();
    Map<String, String> labels = Ownership.labels(set);
    labels.put(Labels.CATALOG_ENTRY_SET, Names.labelValue(set.getMetadata().getName()));
    labels.put(Labels.SERVICE_CLUSTER, serviceCluster);
    d.setMetadata(
        new ObjectMetaBuilder()
            .withName(Names.discoveryName(set.getMetadata().getName(), serviceCluster))
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
    CustomResourceDiscoverySpec spec = new CustomResourceDiscoverySpec();
    spec.setCrd(ObjectReference.of(set.getSpec().getDiscover().getCrd().getName()));
    spec.setServiceCluster(ObjectReference.of(serviceCluster));
    spec.setKindOverride(Entries.tenantCrdOverride(set.getSpec()).getKind());
    d.setSpec(spec);
    return d;
  }

  /** Whether the cluster registry found the CRD and recorded it in status. */
  public static boolean isDiscovered(CustomResourceDiscovery d) {
    return d.getStatus() != null
        && d.getStatus().getCrd() != null
        && Conditions.isTrue(d.getStatus().getConditions(), ConditionTypes.DISCOVERED);
  }

  /** The ServiceCluster a discovery looks in. */
  public static String serviceCluster(CustomResourceDiscovery d) {
    return d.getSpec() == null || d.getSpec().getServiceCluster() == null
        ? null
        : d.getSpec().getServiceCluster().getName();
  }

  /** Why a discovery is not finished, from its conditions, for messages. */
  public static String pendingReason(CustomResourceDiscovery d) {
    if (d.getStatus() == null) {
      return "not yet processed by the cluster registry";
    }
    return d.getStatus()
        .getCondition(ConditionTypes.DISCOVERED)
        .or(() -> d.getStatus().getCondition(ConditionTypes.READY))
        .map(c -> c.getReason() + ": " + c.getMessage())
        .orElse("not yet processed by the cluster registry");
  }
}
