package io.kubecarrier.propagation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Resolves where a tenant instance goes: region (label {@code kubecarrier.io/region}, or the only
 * region), its ServiceCluster, and the namespace of the ready ServiceClusterAssignment {@code
 * <tenantNamespace>.<region>} in the provider namespace.
 */
final class Placements {

  /**
   * A resolved placement, or the reason it failed; {@code mine} is false when the instance belongs
   * to another agent's shard.
   */
  record Resolved(Placement placement, String reason, String message, boolean mine) {
    boolean ok() {
      return placement != null;
    }
  }

  private final Function<String, ServiceCluster> serviceClusters;
  private final Function<String, ServiceClusterAssignment> assignments;
  private final Predicate<Map<String, String>> shard;
  private final boolean reportUnplaced;

  Placements(
      Function<String, ServiceCluster> serviceClusters,
      Function<String, ServiceClusterAssignment> assignments,
      Predicate<Map<String, String>> shard,
      boolean reportUnplaced) {
    this.serviceClusters = serviceClusters;
    this.assignments = assignments;
    this.shard = shard;
    this.reportUnplaced = reportUnplaced;
  }

  Resolved resolve(OfferedKind kind, GenericKubernetesResource tenant) {
    String tenantNs = tenant.getMetadata().getNamespace();
    Map<String, String> labels = tenant.getMetadata().getLabels();
    String region = labels == null ? null : labels.get(Labels.REGION);
    if (region == null || region.isBlank()) {
      if (kind.regions().size() != 1) {
        return unplaced(
            Reasons.REGION_REQUIRED,
            "set the label "
                + Labels.REGION
                + " to one of the offering's regions "
                + kind.regions());
      }
      region = kind.regions().get(0);
    }
    if (!kind.regions().contains(region)) {
      return unplaced(
          Reasons.UNKNOWN_REGION,
          "region '"
              + region
              + "' is not offered for "
              + kind.kind()
              + "; the offering's regions are "
              + kind.regions());
    }
    String clusterKey = kind.entryNamespace() + "/" + region;
    ServiceCluster sc = serviceClusters.apply(clusterKey);
    if (sc == null) {
      return unplaced(
          Reasons.SERVICE_CLUSTER_NOT_FOUND,
          "ServiceCluster " + clusterKey + " of region '" + region + "' does not exist");
    }
    boolean mine = shard.test(sc.getMetadata().getLabels());
    String assignmentName = Names.assignmentName(tenantNs, region);
    ServiceClusterAssignment sca = assignments.apply(kind.entryNamespace() + "/" + assignmentName);
    if (sca == null
        || sca.getStatus() == null
        || !sca.getStatus().isReady()
        || sca.getStatus().getServiceClusterNamespace() == null) {
      return new Resolved(
          null,
          Reasons.ASSIGNMENT_MISSING,
          "no ready ServiceClusterAssignment "
              + kind.entryNamespace()
              + "/"
              + assignmentName
              + ": namespace "
              + tenantNs
              + " has no namespace in service cluster "
              + region
              + " yet",
          mine);
    }
    return new Resolved(
        new Placement(
            kind.entryNamespace(), region, sca.getStatus().getServiceClusterNamespace().getName()),
        null,
        null,
        mine);
  }

  /** Whether this agent handles the cluster {@code providerNamespace/name}. */
  boolean mine(String clusterKey) {
    ServiceCluster sc = serviceClusters.apply(clusterKey);
    return sc == null ? reportUnplaced : shard.test(sc.getMetadata().getLabels());
  }

  private Resolved unplaced(String reason, String message) {
    return new Resolved(null, reason, message, reportUnplaced);
  }
}
