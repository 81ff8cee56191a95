package io.kubecarrier.propagation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.propagation.PropagationMetrics.State;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Reconciles one tenant instance (or one adoption candidate): place it, apply its exposed spec to
 * the service cluster, copy the connection Secret, copy the status back; on deletion, delete the
 * service-side object and wait for it before the finalizer goes.
 */
final class InstanceReconciler {

  private static final Logger LOG = Logger.getLogger(InstanceReconciler.class);
  static final Duration UNREACHABLE_RECHECK = Duration.ofSeconds(30);
  static final Duration DELETION_RECHECK = Duration.ofSeconds(2);
  static final Duration CACHE_WAIT = Duration.ofSeconds(5);

  /** A failure with a condition reason and a message for people. */
  static final class SyncFailure extends RuntimeException {
    final String reason;
    final boolean unreachable;

    SyncFailure(String reason, String message, boolean unreachable) {
      super(message);
      this.reason = reason;
      this.unreachable = unreachable;
    }
  }

  private final PropagationRegistry registry;
  private final KubernetesClient management;
  private final ClusterConnections connections;
  private final Placements placements;
  private final InstanceEvents events;
  private final Clock clock;
  private final Map<WorkItem.Instance, String> copiedSecrets = new ConcurrentHashMap<>();

  InstanceReconciler(
      PropagationRegistry registry,
      KubernetesClient management,
      ClusterConnections connections,
      Placements placements,
      InstanceEvents events,
      Clock clock) {
    this.registry = registry;
    this.management = management;
    this.connections = connections;
    this.placements = placements;
    this.events = events;
    this.clock = clock;
  }

  Outcome reconcile(WorkItem item) {
    if (item instanceof WorkItem.Instance i) {
      return reconcile(i);
    }
    return adopt((WorkItem.Adoption) item);
  }

  /** The table of contents of one instance. */
  Outcome reconcile(WorkItem.Instance item) {
    Propagator p = registry.propagator(item.entryKey());
    GenericKubernetesResource tenant = p == null ? null : p.tenant(item.namespace(), item.name());
    if (tenant == null) {
      registry.forget(item);
      copiedSecrets.remove(item);
      return Outcome.DONE;
    }
    OfferedKind kind = p.kind();
    Placements.Resolved placed = placements.resolve(kind, tenant);
    if (!placed.mine()) {
      return Outcome.DONE;
    }
    if (tenant.getMetadata().getDeletionTimestamp() != null) {
      return delete(item, kind, tenant, placed);
    }
    if (!placed.ok()) {
      return failed(
          item, kind, tenant, null, new SyncFailure(placed.reason(), placed.message(), false));
    }
    Placement placement = placed.placement();
    try {
      ensureFinalizer(tenant);
      ClusterConnections.Connection conn = connect(placement);
      if (!conn.reachable()) {
        return unreachable(item, kind, tenant, placement, conn, false);
      }
      registry.watch(p, conn);
      // right after a start (or a new assignment) the namespace's cache may still be loading: an
      // empty cache would make every instance look new and be applied again
      p.awaitServiceCache(placement.clusterKey(), placement.serviceNamespace(), CACHE_WAIT);
      GenericKubernetesResource service = applyDown(item, p, tenant, placement, conn);
      InstanceStatus.CopiedSecret secret =
          copyConnectionSecret(item, kind, tenant, placement, conn, service);
      statusUp(item, kind, tenant, placement, service, secret);
      return Outcome.DONE;
    } catch (SyncFailure f) {
      return failed(item, kind, tenant, placement, f);
    }
  }

  // ---- steps

  private ClusterConnections.Connection connect(Placement placement) {
    ClusterConnections.Result r = connections.get(placement.clusterKey());
    if (!r.ok()) {
      throw new SyncFailure(r.failure().reason(), r.failure().message(), false);
    }
    return r.connection();
  }

  private GenericKubernetesResource applyDown(
      WorkItem.Instance item,
      Propagator p,
      GenericKubernetesResource tenant,
      Placement placement,
      ClusterConnections.Connection conn) {
    OfferedKind kind = p.kind();
    GenericKubernetesResource desired = ServiceObjects.desired(kind, tenant, placement);
    GenericKubernetesResource cached =
        p.service(placement.clusterKey(), placement.serviceNamespace(), item.name());
    if (ServiceObjects.upToDate(cached, desired)) {
      registry.takeDown(item);
      return cached;
    }
    GenericKubernetesResource applied =
        call(
            conn,
            () ->
                conn.client
                    .genericKubernetesResources(kind.service().context())
                    .inNamespace(placement.serviceNamespace())
                    .resource(desired)
                    .fieldManager(ServiceObjects.FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply());
    p.written(placement.clusterKey(), applied);
    LOG.debugf(
        "%s: applied to %s/%s in service cluster %s",
        item, placement.serviceNamespace(), item.name(), placement.cluster());
    registry
        .takeDown(item)
        .ifPresent(d -> registry.metrics().applyDown(placement.cluster(), kind.kind(), d));
    return applied;
  }

  /**
   * Copies the service operator's connection Secret next to the tenant instance; returns what was
   * copied (or found already copied), null when there is nothing to copy yet. A copy whose content
   * hash the instance's status already records costs no request (e.g. after a restart).
   */
  private InstanceStatus.CopiedSecret copyConnectionSecret(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      ClusterConnections.Connection conn,
      GenericKubernetesResource service) {
    String ref = ServiceObjects.connectionSecretRef(service).orElse(null);
    registry.trackSecret(item, placement.clusterKey(), placement.serviceNamespace(), ref);
    if (ref == null) {
      return null;
    }
    Secret source = conn.secret(placement.serviceNamespace(), ref);
    if (source == null) {
      return null; // not written yet (or not cached yet): its event re-queues the instance
    }
    Secret copy = ServiceObjects.tenantSecret(kind, tenant, source, placement.cluster());
    InstanceStatus.CopiedSecret copied =
        new InstanceStatus.CopiedSecret(
            copy.getMetadata().getName(),
            io.kubecarrier.api.common.Names.hash(
                copy.getType()
                    + copy.getData()
                    + copy.getMetadata().getLabels()
                    + copy.getMetadata().getAnnotations()));
    if (copied.hash().equals(copiedSecrets.get(item))
        || copied
            .hash()
            .equals(InstanceStatus.connectionSecretHash(ServiceObjects.map(tenant, "status")))) {
      return copied;
    }
    String ns = tenant.getMetadata().getNamespace();
    Secret existing =
        management.secrets().inNamespace(ns).withName(copy.getMetadata().getName()).get();
    if (existing != null && isOurs(existing) && sameContent(existing, copy)) {
      copiedSecrets.put(item, copied.hash()); // already copied (before a restart)
      return copied;
    }
    if (existing != null && !isOurs(existing)) {
      throw new SyncFailure(
          Reasons.SYNC_FAILED,
          "Secret "
              + ns
              + "/"
              + copy.getMetadata().getName()
              + " exists and was not made by KubeCarrier: delete or rename it to receive the"
              + " connection data",
          false);
    }
    management
        .secrets()
        .inNamespace(ns)
        .resource(copy)
        .fieldManager(ServiceObjects.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
    copiedSecrets.put(item, copied.hash());
    LOG.infof(
        "%s: connection Secret %s copied from %s/%s in %s",
        item, copy.getMetadata().getName(), placement.serviceNamespace(), ref, placement.cluster());
    return copied;
  }

  private void statusUp(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      GenericKubernetesResource service,
      InstanceStatus.CopiedSecret secret) {
    Long generation = tenant.getMetadata().getGeneration();
    Map<String, Object> serviceStatus =
        new ExposedPaths(kind.exposedPaths()).status(ServiceObjects.map(service, "status"));
    String where = placement.cluster() + "/" + placement.serviceNamespace() + "/" + item.name();
    boolean written =
        writeStatus(
            tenant,
            InstanceStatus.from(ServiceObjects.map(tenant, "status"))
                .copied(serviceStatus)
                .placement(placement)
                .observedGeneration(generation)
                .connectionSecret(secret)
                .synced()
                .condition(
                    Condition.ofTrue(
                            ConditionTypes.SYNCED,
                            Reasons.SYNCED,
                            "Applied to " + where + "; its status is copied back")
                        .withObservedGeneration(generation))
                .condition(reachable(placement, generation)));
    registry.metrics().state(item, placement.cluster(), kind.kind(), State.SYNCED);
    registry
        .takeUp(item)
        .filter(d -> written)
        .ifPresent(d -> registry.metrics().statusUp(placement.cluster(), kind.kind(), d));
  }

  // ---- failure paths

  private Outcome failed(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      SyncFailure f) {
    if (f.unreachable && placement != null) {
      return unreachable(
          item, kind, tenant, placement, connections.existing(placement.clusterKey()), false);
    }
    Long generation = tenant.getMetadata().getGeneration();
    Condition synced =
        Condition.ofFalse(ConditionTypes.SYNCED, f.reason, f.getMessage())
            .withObservedGeneration(generation);
    boolean before =
        InstanceStatus.conditions(ServiceObjects.map(tenant, "status")).stream()
            .anyMatch(
                c ->
                    c.getType().equals(ConditionTypes.SYNCED)
                        && Objects.equals(c.getReason(), f.reason)
                        && Condition.FALSE.equals(c.getStatus()));
    InstanceStatus status =
        InstanceStatus.from(ServiceObjects.map(tenant, "status"))
            .placement(placement)
            .condition(synced);
    if (placement != null) {
      status.condition(reachable(placement, generation));
    }
    writeStatus(tenant, status);
    if (!before) {
      events.warning(tenant, f.reason, f.getMessage());
    }
    LOG.warnf(
        "%s (%s): %s: %s",
        item, placement == null ? "unplaced" : placement.cluster(), f.reason, f.getMessage());
    registry
        .metrics()
        .state(item, placement == null ? "" : placement.cluster(), kind.kind(), State.ERROR);
    return Outcome.RETRY;
  }

  private Outcome unreachable(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      ClusterConnections.Connection conn,
      boolean deleting) {
    Long generation = tenant.getMetadata().getGeneration();
    String error = conn == null ? "" : conn.lastError();
    String message =
        "service cluster "
            + placement.cluster()
            + " is unreachable"
            + (error.isEmpty() ? "" : " (" + error + ")")
            + (deleting
                ? "; the deletion waits for it"
                : "; changes are applied when it returns, the status shown is the last known");
    InstanceStatus status =
        InstanceStatus.from(ServiceObjects.map(tenant, "status"))
            .placement(placement)
            .condition(
                Condition.ofFalse(
                        ConditionTypes.SERVICE_CLUSTER_REACHABLE,
                        Reasons.CLUSTER_UNREACHABLE,
                        message)
                    .withObservedGeneration(generation));
    Map<String, Object> block = InstanceStatus.block(ServiceObjects.map(tenant, "status"));
    Object observed = block.get(InstanceStatus.OBSERVED_GENERATION);
    if (deleting
        || !(observed instanceof Number n && generation != null && n.longValue() == generation)) {
      status.condition(
          Condition.ofFalse(ConditionTypes.SYNCED, Reasons.CLUSTER_UNREACHABLE, message)
              .withObservedGeneration(generation));
    }
    if (writeStatus(tenant, status)) {
      LOG.infof("%s (%s): %s", item, placement.cluster(), message);
    }
    registry.metrics().state(item, placement.cluster(), kind.kind(), State.UNREACHABLE);
    return Outcome.after(UNREACHABLE_RECHECK);
  }

  // ---- deletion

  private Outcome delete(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placements.Resolved placed) {
    if (!hasFinalizer(tenant)) {
      return Outcome.DONE;
    }
    Placement placement = placed.ok() ? placed.placement() : lastPlacement(kind, tenant);
    if (placement == null) {
      LOG.infof("%s: never placed in a service cluster; removing the finalizer", item);
      return finish(item, tenant);
    }
    ClusterConnections.Result r = connections.get(placement.clusterKey());
    if (!r.ok()) {
      LOG.warnf(
          "%s: %s; the service-side object in %s cannot be deleted, removing the finalizer",
          item, r.failure().message(), placement.cluster());
      events.warning(tenant, r.failure().reason(), r.failure().message());
      return finish(item, tenant);
    }
    ClusterConnections.Connection conn = r.connection();
    if (!conn.reachable()) {
      return unreachable(item, kind, tenant, placement, conn, true);
    }
    GenericKubernetesResource service;
    try {
      service =
          call(
              conn,
              () ->
                  conn.client
                      .genericKubernetesResources(kind.service().context())
                      .inNamespace(placement.serviceNamespace())
                      .withName(item.name())
                      .get());
      if (service != null && !item.equals(ServiceObjects.owner(kind, service).orElse(null))) {
        service = null; // not ours: never delete a foreign object
      }
      if (service != null && orphan(tenant)) {
        release(kind, conn, placement, tenant, item);
        service = null;
      }
      if (service != null) {
        if (service.getMetadata().getDeletionTimestamp() == null) {
          call(
              conn,
              () ->
                  conn.client
                      .genericKubernetesResources(kind.service().context())
                      .inNamespace(placement.serviceNamespace())
                      .withName(item.name())
                      .delete());
          LOG.infof(
              "%s: deleting %s/%s in service cluster %s",
              item, placement.serviceNamespace(), item.name(), placement.cluster());
          // most service-side objects are gone before the recheck (their deletion event queues
          // the instance again): the status says "waiting" only for one that takes longer
          registry.metrics().state(item, placement.cluster(), kind.kind(), State.DELETING);
          return Outcome.after(DELETION_RECHECK);
        }
        String message =
            "waiting for "
                + placement.cluster()
                + "/"
                + placement.serviceNamespace()
                + "/"
                + item.name()
                + " to be deleted in the service cluster";
        writeStatus(
            tenant,
            InstanceStatus.from(ServiceObjects.map(tenant, "status"))
                .condition(
                    Condition.ofFalse(
                        ConditionTypes.SYNCED, Reasons.SERVICE_OBJECT_DELETING, message)));
        registry.metrics().state(item, placement.cluster(), kind.kind(), State.DELETING);
        return Outcome.after(DELETION_RECHECK);
      }
    } catch (SyncFailure f) {
      if (f.unreachable) {
        return unreachable(item, kind, tenant, placement, conn, true);
      }
      throw f;
    }
    return finish(item, tenant);
  }

  /** Orphaning: the service-side object stays, without our labels, marked as orphaned. */
  private void release(
      OfferedKind kind,
      ClusterConnections.Connection conn,
      Placement placement,
      GenericKubernetesResource tenant,
      WorkItem.Instance item) {
    StringBuilder labels = new StringBuilder();
    for (String key : ServiceObjects.ownerLabels(kind, tenant).keySet()) {
      labels.append(labels.isEmpty() ? "" : ",").append('"').append(key).append("\":null");
    }
    String patch =
        "{\"metadata\":{\"labels\":{"
            + labels
            + "},\"annotations\":{\""
            + Annotations.ORPHANED_FROM
            + "\":\""
            + item.namespace()
            + "/"
            + item.name()
            + "\"}}}";
    call(
        conn,
        () ->
            conn.client
                .genericKubernetesResources(kind.service().context())
                .inNamespace(placement.serviceNamespace())
                .withName(item.name())
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch));
    LOG.infof(
        "%s: orphaned; %s/%s stays in service cluster %s",
        item, placement.serviceNamespace(), item.name(), placement.cluster());
  }

  private Outcome finish(WorkItem.Instance item, GenericKubernetesResource tenant) {
    deleteConnectionSecret(tenant);
    removeFinalizer(tenant);
    registry.forget(item);
    copiedSecrets.remove(item);
    LOG.infof("%s: deleted", item);
    return Outcome.DONE;
  }

  private void deleteConnectionSecret(GenericKubernetesResource tenant) {
    String ns = tenant.getMetadata().getNamespace();
    String name =
        io.kubecarrier.api.common.Names.connectionSecretName(
            tenant.getApiVersion().substring(0, tenant.getApiVersion().indexOf('/')),
            tenant.getKind(),
            tenant.getMetadata().getName());
    Secret s = management.secrets().inNamespace(ns).withName(name).get();
    if (s != null && isOurs(s)) {
      management.secrets().inNamespace(ns).withName(name).delete();
    }
  }

  private static Placement lastPlacement(OfferedKind kind, GenericKubernetesResource tenant) {
    Map<String, Object> block = InstanceStatus.block(ServiceObjects.map(tenant, "status"));
    if (block.get(InstanceStatus.SERVICE_CLUSTER) instanceof String cluster
        && block.get(InstanceStatus.SERVICE_NAMESPACE) instanceof String ns) {
      return new Placement(kind.entryNamespace(), cluster, ns);
    }
    return null;
  }

  // ---- adoption

  Outcome adopt(WorkItem.Adoption a) {
    Propagator p = registry.propagator(a.entryKey());
    if (p == null) {
      return Outcome.DONE;
    }
    OfferedKind kind = p.kind();
    String clusterKey = kind.entryNamespace() + "/" + a.cluster();
    GenericKubernetesResource service = p.service(clusterKey, a.namespace(), a.name());
    if (service == null
        || !placements.mine(clusterKey)
        || ServiceObjects.isOwned(service)
        || ServiceObjects.isOrphaned(service)
        || service.getMetadata().getDeletionTimestamp() != null) {
      return Outcome.DONE;
    }
    ServiceClusterAssignment sca =
        registry
            .assignmentByServiceNamespace(kind.entryNamespace(), a.cluster(), a.namespace())
            .orElse(null);
    if (sca == null) {
      return Outcome.DONE; // not a namespace of an assignment: not ours to adopt
    }
    String tenantNs = sca.getSpec().getManagementNamespace().getName();
    GenericKubernetesResource existing = p.tenant(tenantNs, a.name());
    if (existing != null) {
      LOG.infof(
          "%s: a tenant instance %s/%s exists; it takes the object over", a, tenantNs, a.name());
      registry.tenantChanged(new WorkItem.Instance(a.entryKey(), tenantNs, a.name()), false);
      return Outcome.DONE;
    }
    GenericKubernetesResource adopted =
        ServiceObjects.adopted(kind, service, tenantNs, a.cluster());
    try {
      management
          .genericKubernetesResources(kind.tenant().context())
          .inNamespace(tenantNs)
          .resource(adopted)
          .create();
      LOG.infof("%s: adopted as %s/%s", a, tenantNs, a.name());
    } catch (KubernetesClientException e) {
      if (!Errors.isConflict(e)) {
        throw e;
      }
    }
    return Outcome.DONE;
  }

  // ---- helpers

  private static Condition reachable(Placement placement, Long generation) {
    return Condition.ofTrue(
            ConditionTypes.SERVICE_CLUSTER_REACHABLE,
            Reasons.HEARTBEAT_OK,
            "service cluster " + placement.cluster() + " is reachable")
        .withObservedGeneration(generation);
  }

  /** Writes the status if it changed; returns whether it wrote. */
  private boolean writeStatus(GenericKubernetesResource tenant, InstanceStatus status) {
    var next = status.build(clock);
    if (next.isEmpty()) {
      return false;
    }
    GenericKubernetesResource patch = new GenericKubernetesResource();
    patch.setApiVersion(tenant.getApiVersion());
    patch.setKind(tenant.getKind());
    ObjectMeta meta = new ObjectMeta();
    meta.setName(tenant.getMetadata().getName());
    meta.setNamespace(tenant.getMetadata().getNamespace());
    patch.setMetadata(meta);
    patch.setAdditionalProperty("status", next.get());
    try {
      management
          .genericKubernetesResources(tenant.getApiVersion(), tenant.getKind())
          .inNamespace(meta.getNamespace())
          .resource(patch)
          .subresource("status")
          .patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.SERVER_SIDE_APPLY)
                  .withFieldManager(ServiceObjects.FIELD_MANAGER)
                  .withForce(true)
                  .build(),
              patch);
      // keep the cache-less view consistent for the next step of this reconcile
      tenant.setAdditionalProperty("status", next.get());
      return true;
    } catch (KubernetesClientException e) {
      if (Errors.isNotFound(e)) {
        return false;
      }
      throw e;
    }
  }

  private void ensureFinalizer(GenericKubernetesResource tenant) {
    if (hasFinalizer(tenant)) {
      return;
    }
    List<String> finalizers = tenant.getMetadata().getFinalizers();
    String patch =
        finalizers == null || finalizers.isEmpty()
            ? "[{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\""
                + Finalizers.PROPAGATION_AGENT
                + "\"]}]"
            : "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\""
                + Finalizers.PROPAGATION_AGENT
                + "\"}]";
    // on the object itself: fabric8's patch(context, String) by name GETs the object first
    management
        .genericKubernetesResources(tenant.getApiVersion(), tenant.getKind())
        .inNamespace(tenant.getMetadata().getNamespace())
        .resource(tenant)
        .patch(PatchContext.of(PatchType.JSON), patch);
  }

  private void removeFinalizer(GenericKubernetesResource tenant) {
    List<String> finalizers = tenant.getMetadata().getFinalizers();
    int i = finalizers == null ? -1 : finalizers.indexOf(Finalizers.PROPAGATION_AGENT);
    if (i < 0) {
      return;
    }
    String patch =
        "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/"
            + i
            + "\",\"value\":\""
            + Finalizers.PROPAGATION_AGENT
            + "\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/"
            + i
            + "\"}]";
    try {
      management
          .genericKubernetesResources(tenant.getApiVersion(), tenant.getKind())
          .inNamespace(tenant.getMetadata().getNamespace())
          .resource(tenant)
          .patch(PatchContext.of(PatchType.JSON), patch);
    } catch (KubernetesClientException e) {
      if (!Errors.isNotFound(e)) {
        throw e;
      }
    }
  }

  private static boolean hasFinalizer(GenericKubernetesResource tenant) {
    List<String> f = tenant.getMetadata().getFinalizers();
    return f != null && f.contains(Finalizers.PROPAGATION_AGENT);
  }

  private static boolean orphan(GenericKubernetesResource tenant) {
    Map<String, String> a = tenant.getMetadata().getAnnotations();
    return a != null && Annotations.ORPHAN_TRUE.equals(a.get(Annotations.ORPHAN));
  }

  private static boolean sameContent(Secret existing, Secret copy) {
    Map<String, String> labels = existing.getMetadata().getLabels();
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    return Objects.equals(existing.getData(), copy.getData())
        && Objects.equals(existing.getType(), copy.getType())
        && labels != null
        && labels.entrySet().containsAll(copy.getMetadata().getLabels().entrySet())
        && annotations != null
        && annotations.entrySet().containsAll(copy.getMetadata().getAnnotations().entrySet());
  }

  private static boolean isOurs(Secret s) {
    Map<String, String> l = s.getMetadata().getLabels();
    return l != null && Labels.MANAGED_BY_PROPAGATION_AGENT.equals(l.get(Labels.MANAGED_BY));
  }

  /** Runs a call to a service cluster; turns its errors into {@link SyncFailure}s. */
  private <T> T call(ClusterConnections.Connection conn, java.util.function.Supplier<T> op) {
    try {
      return op.get();
    } catch (KubernetesClientException e) {
      if (Errors.isConnectionError(e)) {
        connections.markUnreachable(conn, Errors.message(e));
        throw new SyncFailure(Reasons.CLUSTER_UNREACHABLE, conn.lastError, true);
      }
      String reason = Errors.isRejected(e) ? Reasons.INVALID_SPEC : Reasons.SYNC_FAILED;
      throw new SyncFailure(
          reason, "service cluster " + conn.cluster + " refused it: " + Errors.message(e), false);
    }
  }
}
