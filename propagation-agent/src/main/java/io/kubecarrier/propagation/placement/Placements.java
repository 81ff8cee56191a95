package io.kubecarrier.propagation.placement;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.propagation.apply.ServiceObjects;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.status.InstanceStatus;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Resolves where a tenant instance goes: its region (label {@code kubecarrier.io/region}, else the
 * region it is already placed in, else the only region of the offering), its ServiceCluster, and
 * the namespace of the ServiceClusterAssignment {@code <tenantNamespace>.<region>} in the provider
 * namespace. Publication decides only where new instances may go: an instance already placed in a
 * region that is no longer offered stays there (docs/lifecycle.md).
 */
public final class Placements {

  /**
   * A resolved placement, or the reason it failed; {@code mine} is false when the instance belongs
   * to another agent's shard.
   *
   * @param placement where the instance goes, null when it cannot be placed
   * @param assignment the assignment used (null when not placed)
   * @param pin the region label to add to the instance (it has none yet), or null
   * @param recorded where the instance was placed before, from its status, or null
   */
  public record Resolved(
      Placement placement,
      ServiceClusterAssignment assignment,
      String pin,
      Placement recorded,
      String reason,
      String message,
      boolean mine) {
    public boolean ok() {
      return placement != null;
    }

    /** Whether the instance already lives in the resolved region. */
    public boolean placedBefore() {
      return recorded != null
          && placement != null
          && recorded.cluster().equals(placement.cluster());
    }
  }

  private final Function<String, ServiceCluster> serviceClusters;
  private final Function<String, ServiceClusterAssignment> assignments;
  private final Predicate<Map<String, String>> shard;
  private final boolean reportUnplaced;

  public Placements(
      Function<String, ServiceCluster> serviceClusters,
      Function<String, ServiceClusterAssignment> assignments,
      Predicate<Map<String, String>> shard,
      boolean reportUnplaced) {
    this.serviceClusters = serviceClusters;
    this.assignments = assignments;
    this.shard = shard;
    this.reportUnplaced = reportUnplaced;
  }

  public Resolved resolve(OfferedKind kind, GenericKubernetesResource tenant) {
    String tenantNs = tenant.getMetadata().getNamespace();
    Map<String, String> labels = tenant.getMetadata().getLabels();
    String label = labels == null ? null : labels.get(Labels.REGION);
    Placement recorded = recorded(kind, tenant);
    String region = label;
    if (region == null || region.isBlank()) {
      region = recorded != null ? recorded.cluster() : only(kind);
      if (region == null) {
        return unplaced(
            recorded,
            Reasons.REGION_REQUIRED,
            "set the label "
                + Labels.REGION
                + " to one of the offering's regions "
                + kind.regions());
      }
    }
    boolean placedHere = recorded != null && recorded.cluster().equals(region);
    if (!kind.regions().contains(region) && !placedHere) {
      return unplaced(
          recorded,
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
          recorded,
          Reasons.SERVICE_CLUSTER_NOT_FOUND,
          "ServiceCluster " + clusterKey + " of region '" + region + "' does not exist");
    }
    boolean mine = shard.test(sc.getMetadata().getLabels());
    String pin = label == null || label.isBlank() ? region : null;
    String assignmentName = Names.assignmentName(tenantNs, region);
    ServiceClusterAssignment sca = assignments.apply(kind.entryNamespace() + "/" + assignmentName);
    String missing = usable(sca);
    if (missing != null) {
      return new Resolved(
          null,
          null,
          pin,
          recorded,
          Reasons.ASSIGNMENT_MISSING,
          "ServiceClusterAssignment "
              + kind.entryNamespace()
              + "/"
              + assignmentName
              + " "
              + missing
              + ": namespace "
              + tenantNs
              + " has no usable namespace in service cluster "
              + region
              + " yet",
          mine);
    }
    return new Resolved(
        new Placement(
            kind.entryNamespace(), region, sca.getStatus().getServiceClusterNamespace().getName()),
        sca,
        pin,
        recorded,
        null,
        null,
        mine);
  }

  /**
   * Why an assignment cannot be used, or null: it must have a namespace and be Ready, or be held by
   * this agent (then its deletion waits for us and the namespace stays). One being deleted that we
   * do not hold is never taken into use (its namespace is about to go).
   */
  public static String usable(ServiceClusterAssignment sca) {
    if (sca == null) {
      return "does not exist";
    }
    boolean held = AssignmentHolds.held(sca);
    if (sca.getMetadata().getDeletionTimestamp() != null && !held) {
      return "is being deleted";
    }
    if (sca.getStatus() == null || sca.getStatus().getServiceClusterNamespace() == null) {
      return "has no namespace yet";
    }
    if (!held && !sca.getStatus().isReady()) {
      return "is not Ready";
    }
    return null;
  }

  /** Where the instance's status says it was placed, or null. */
  public static Placement recorded(OfferedKind kind, GenericKubernetesResource tenant) {
    Map<String, Object> block = InstanceStatus.block(ServiceObjects.map(tenant, "status"));
    if (block.get(InstanceStatus.SERVICE_CLUSTER) instanceof String cluster
        && block.get(InstanceStatus.SERVICE_NAMESPACE) instanceof String ns) {
      return new Placement(kind.entryNamespace(), cluster, ns);
    }
    return null;
  }

  /** The region a tenant instance is in or asks for: its label, else where it was placed. */
  public static String region(GenericKubernetesResource tenant) {
    Map<String, String> labels = tenant.getMetadata().getLabels();
    String label = labels == null ? null : labels.get(Labels.REGION);
    if (label != null && !label.isBlank()) {
      return label;
    }
    Map<String, Object> block = InstanceStatus.block(ServiceObjects.map(tenant, "status"));
    return block.get(InstanceStatus.SERVICE_CLUSTER) instanceof String c ? c : null;
  }

  /** Whether this agent handles the cluster {@code providerNamespace/name}. */
  public boolean mine(String clusterKey) {
    ServiceCluster sc = serviceClusters.apply(clusterKey);
    return sc == null ? reportUnplaced : shard.test(sc.getMetadata().getLabels());
  }

  /** Whether the provider let go of the cluster {@code providerNamespace/name}. */
  public boolean letGo(String clusterKey) {
    return letGo(serviceClusters.apply(clusterKey));
  }

  public static boolean letGo(ServiceCluster sc) {
    Map<String, String> a = sc == null ? null : sc.getMetadata().getAnnotations();
    return a != null && Annotations.LET_GO_TRUE.equals(a.get(Annotations.LET_GO));
  }

  public ServiceCluster serviceCluster(String clusterKey) {
    return serviceClusters.apply(clusterKey);
  }

  private static String only(OfferedKind kind) {
    return kind.regions().size() == 1 ? kind.regions().get(0) : null;
  }

  private Resolved unplaced(Placement recorded, String reason, String message) {
    return new Resolved(null, null, null, recorded, reason, message, reportUnplaced);
  }
}
