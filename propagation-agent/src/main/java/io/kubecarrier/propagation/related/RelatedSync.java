package io.kubecarrier.propagation.related;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.RelatedDirection;
import io.kubecarrier.api.common.RelatedKind;
import io.kubecarrier.api.common.RelatedPaths;
import io.kubecarrier.api.common.RelatedResource;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.propagation.SyncFailure;
import io.kubecarrier.propagation.apply.ServiceObjects;
import io.kubecarrier.propagation.connections.ClusterConnections;
import io.kubecarrier.propagation.connections.Connection;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.kinds.Propagator;
import io.kubecarrier.propagation.kinds.Propagators;
import io.kubecarrier.propagation.placement.Placement;
import io.kubecarrier.propagation.placement.Placements;
import io.kubecarrier.propagation.queue.WorkItem;
import io.kubecarrier.propagation.secrets.SecretRefs;
import io.kubecarrier.propagation.status.InstanceStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The related Secrets and ConfigMaps of instances ({@code spec.relatedResources} of their entry):
 * down, the tenant's objects named by the instance are copied under the same name into its service
 * namespace (shared by the instances that name them, deleted when none does); up, the objects the
 * service operator writes are copied into the instance's namespace (deleted with the instance).
 * Never over an object KubeCarrier did not make: such a collision, a name that is not valid, an
 * object of another namespace, or a source not written yet, is a line in {@code
 * status.kubecarrier.related} and condition {@code RelatedResourcesSynced=False}.
 */
public final class RelatedSync implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RelatedSync.class);

  /** How long a reconcile waits for a tenant namespace's first list of Secrets or ConfigMaps. */
  static final Duration CACHE_WAIT = Duration.ofSeconds(5);

  /**
   * A resourceVersion no object has: a server-side apply with it only creates (the API server
   * ignores it on a create and takes it as a precondition on an existing object), so a copy never
   * lands on an object made meanwhile.
   */
  static final String CREATE_ONLY = "1";

  static final String SYNCED = "Synced";
  static final String PENDING = "Pending";
  static final String FAILED = "Failed";

  private final KubernetesClient management;
  private final ClusterConnections connections;
  private final Propagators propagators;
  private final SecretRefs refs;
  private final NamespacedCache<Secret> tenantSecrets;
  private final NamespacedCache<ConfigMap> tenantConfigMaps;

  public RelatedSync(
      KubernetesClient management,
      ClusterConnections connections,
      Propagators propagators,
      SecretRefs refs,
      Consumer<WorkItem.Instance> enqueue) {
    this.management = management;
    this.connections = connections;
    this.propagators = propagators;
    this.refs = refs;
    NamespacedCache.Changed changed =
        (kind, ns, name) -> refs.copying(SecretRefs.MANAGEMENT, kind, ns, name).forEach(enqueue);
    this.tenantSecrets = NamespacedCache.secrets(management, changed);
    this.tenantConfigMaps = NamespacedCache.configMaps(management, changed);
  }

  /** One line of {@code status.kubecarrier.related}. */
  public record Line(
      String resource,
      RelatedDirection direction,
      RelatedKind kind,
      String name,
      String serviceName,
      String hash,
      String state,
      String message) {

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("resource", resource);
      m.put("direction", direction.name());
      m.put("kind", kind.name());
      put(m, "name", name);
      put(m, "serviceName", serviceName);
      put(m, "hash", hash);
      m.put("state", state);
      put(m, "message", message);
      return m;
    }

    private static void put(Map<String, Object> m, String k, String v) {
      if (v != null) {
        m.put(k, v);
      }
    }
  }

  /** The lines of one instance, and the condition they make. */
  public record Report(List<Line> lines) {

    public static final Report NONE = new Report(List.of());

    public List<Map<String, Object>> status() {
      return lines.stream().map(Line::toMap).toList();
    }

    /** RelatedResourcesSynced: False with the first problems, else True. */
    public Condition condition(Long generation) {
      List<Line> failed = lines.stream().filter(l -> FAILED.equals(l.state())).toList();
      List<Line> pending = lines.stream().filter(l -> PENDING.equals(l.state())).toList();
      Condition c;
      if (!failed.isEmpty()) {
        c =
            Condition.ofFalse(
                ConditionTypes.RELATED_RESOURCES_SYNCED,
                Reasons.RELATED_RESOURCE_FAILED,
                messages(failed));
      } else if (!pending.isEmpty()) {
        c =
            Condition.ofFalse(
                ConditionTypes.RELATED_RESOURCES_SYNCED,
                Reasons.RELATED_RESOURCE_PENDING,
                messages(pending));
      } else {
        c =
            Condition.ofTrue(
                ConditionTypes.RELATED_RESOURCES_SYNCED,
                Reasons.SYNCED,
                lines.size() + " related object(s) copied");
      }
      return c.withObservedGeneration(generation);
    }

    private static String messages(List<Line> ls) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < Math.min(3, ls.size()); i++) {
        b.append(i == 0 ? "" : "; ").append(ls.get(i).message());
      }
      if (ls.size() > 3) {
        b.append("; and ").append(ls.size() - 3).append(" more");
      }
      return b.toString();
    }
  }

  // ---- down

  /**
   * Copies the tenant objects the instance names into its service namespace, before the instance is
   * applied (so the service operator finds them when it first sees the instance).
   */
  public List<Line> down(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      Connection conn) {
    List<RelatedResource> decls = kind.related(RelatedDirection.Down);
    if (decls.isEmpty()) {
      return List.of();
    }
    String ns = tenant.getMetadata().getNamespace();
    List<Line> lines = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    for (RelatedResource decl : decls) {
      NamespacedCache<? extends HasMetadata> tenantSide = tenantCache(decl.getKind());
      String notListed =
          notListed(
              decl,
              tenantSide,
              ns,
              serviceCache(conn, decl.getKind()),
              placement.serviceNamespace(),
              placement.cluster());
      if (notListed != null) {
        lines.add(line(decl, null, null, PENDING, notListed));
        continue;
      }
      for (Named n : names(decl, tenant, tenant)) {
        if (n.problem() != null) {
          lines.add(line(decl, n.name(), null, FAILED, n.problem()));
          continue;
        }
        keys.add(SecretRefs.key(SecretRefs.MANAGEMENT, decl.getKind(), ns, n.name()));
        keys.add(
            SecretRefs.key(
                placement.clusterKey(), decl.getKind(), placement.serviceNamespace(), n.name()));
        HasMetadata source = tenantSide.get(ns, n.name());
        if (source == null) {
          lines.add(
              line(
                  decl,
                  n.name(),
                  n.name(),
                  PENDING,
                  RelatedCopies.kindName(decl.getKind())
                      + " "
                      + ns
                      + "/"
                      + n.name()
                      + " (named by "
                      + n.path()
                      + ") does not exist: create it in the instance's namespace"));
          continue;
        }
        HasMetadata copy =
            RelatedCopies.copy(
                decl,
                source,
                placement.serviceNamespace(),
                n.name(),
                RelatedCopies.downLabels(ns),
                ns + "/" + n.name());
        HasMetadata existing =
            serviceCache(conn, decl.getKind()).get(placement.serviceNamespace(), n.name());
        if (existing != null && !RelatedCopies.isDownCopy(existing, ns)) {
          lines.add(
              line(
                  decl,
                  n.name(),
                  n.name(),
                  FAILED,
                  RelatedCopies.kindName(decl.getKind())
                      + " "
                      + placement.serviceNamespace()
                      + "/"
                      + n.name()
                      + " exists in service cluster "
                      + placement.cluster()
                      + " and is not KubeCarrier's copy: it is never overwritten; rename the"
                      + " tenant's object (and the reference) or have the provider remove it"));
          continue;
        }
        String hash = RelatedCopies.appliedHash(copy);
        if (!RelatedCopies.upToDate(existing, copy)) {
          if (existing == null) {
            copy.getMetadata().setResourceVersion(CREATE_ONLY);
          }
          try {
            connections.call(conn, () -> apply(conn.client(), copy));
          } catch (SyncFailure f) {
            if (f.unreachable()) {
              throw f;
            }
            lines.add(line(decl, n.name(), n.name(), FAILED, f.getMessage()));
            continue;
          }
          LOG.infof(
              "%s: %s %s/%s copied down to %s/%s in %s",
              item,
              decl.getKind(),
              ns,
              n.name(),
              placement.serviceNamespace(),
              n.name(),
              placement.cluster());
        }
        lines.add(line(decl, n.name(), n.name(), hash, SYNCED, null));
      }
    }
    refs.track(item, "down", keys);
    return lines;
  }

  // ---- up

  /** Copies what the service operator wrote for the instance into the instance's namespace. */
  public List<Line> up(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      Connection conn,
      GenericKubernetesResource service) {
    List<RelatedResource> decls = kind.related(RelatedDirection.Up);
    if (decls.isEmpty() || service == null) {
      return List.of();
    }
    String ns = tenant.getMetadata().getNamespace();
    String svcNs = placement.serviceNamespace();
    List<Line> lines = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    Set<String> targets = new HashSet<>();
    for (RelatedResource decl : decls) {
      NamespacedCache<? extends HasMetadata> tenantSide = tenantCache(decl.getKind());
      NamespacedCache<? extends HasMetadata> serviceSide = serviceCache(conn, decl.getKind());
      String notListed = notListed(decl, tenantSide, ns, serviceSide, svcNs, placement.cluster());
      if (notListed != null) {
        lines.add(line(decl, null, null, PENDING, notListed));
        continue;
      }
      List<Named> sources;
      if (decl.getSelector() != null) {
        keys.add(SecretRefs.key(placement.clusterKey(), decl.getKind(), svcNs, "*"));
        sources = selected(decl, tenant, serviceSide.list(svcNs));
      } else {
        sources = names(decl, tenant, service);
        if (sources.isEmpty()) {
          lines.add(
              line(
                  decl,
                  null,
                  null,
                  PENDING,
                  "relatedResources["
                      + decl.getName()
                      + "]: "
                      + (decl.getFromPath() != null
                          ? decl.getFromPath() + " names nothing in the service object"
                          : decl.getNameTemplate() + " yields no name")
                      + " yet (the service operator has not written it)"));
        }
      }
      for (Named src : sources) {
        if (src.problem() != null) {
          lines.add(line(decl, null, src.name(), FAILED, src.problem()));
          continue;
        }
        keys.add(SecretRefs.key(placement.clusterKey(), decl.getKind(), svcNs, src.name()));
        Named target = target(decl, tenant, src.name());
        if (target.problem() != null) {
          lines.add(line(decl, null, src.name(), FAILED, target.problem()));
          continue;
        }
        keys.add(SecretRefs.key(SecretRefs.MANAGEMENT, decl.getKind(), ns, target.name()));
        if (!targets.add(decl.getKind() + "/" + target.name())) {
          lines.add(
              line(
                  decl,
                  target.name(),
                  src.name(),
                  FAILED,
                  "two related objects would be copied to "
                      + ns
                      + "/"
                      + target.name()
                      + ": give relatedResources["
                      + decl.getName()
                      + "] a targetName that tells them apart"));
          continue;
        }
        HasMetadata source = serviceSide.get(svcNs, src.name());
        if (source == null) {
          lines.add(
              line(
                  decl,
                  target.name(),
                  src.name(),
                  PENDING,
                  RelatedCopies.kindName(decl.getKind())
                      + " "
                      + src.name()
                      + " ("
                      + src.path()
                      + ") is not written in service cluster "
                      + placement.cluster()
                      + " yet"));
          continue;
        }
        Map<String, String> labels = new LinkedHashMap<>(ServiceObjects.ownerLabels(kind, tenant));
        labels.put(Labels.SERVICE_CLUSTER, placement.cluster());
        labels.put(Labels.RELATED, decl.getName());
        HasMetadata copy =
            RelatedCopies.copy(
                decl,
                source,
                ns,
                target.name(),
                labels,
                placement.cluster() + "/" + svcNs + "/" + src.name());
        HasMetadata existing = tenantSide.get(ns, target.name());
        if (existing != null
            && (ServiceObjects.ownership(kind, tenant, existing.getMetadata().getLabels())
                    == ServiceObjects.Ownership.FOREIGN
                || !decl.getName()
                    .equals(existing.getMetadata().getLabels().get(Labels.RELATED)))) {
          lines.add(
              line(
                  decl,
                  target.name(),
                  src.name(),
                  FAILED,
                  RelatedCopies.kindName(decl.getKind())
                      + " "
                      + ns
                      + "/"
                      + target.name()
                      + " exists and is not this instance's copy of "
                      + decl.getName()
                      + ": it is never overwritten; delete or rename it to receive the copy"));
          continue;
        }
        String hash = RelatedCopies.appliedHash(copy);
        if (!RelatedCopies.upToDate(existing, copy)) {
          if (existing == null) {
            copy.getMetadata().setResourceVersion(CREATE_ONLY);
          }
          try {
            apply(management, copy);
          } catch (KubernetesClientException e) {
            lines.add(
                line(
                    decl,
                    target.name(),
                    src.name(),
                    FAILED,
                    "writing "
                        + ns
                        + "/"
                        + target.name()
                        + " was refused: "
                        + ApiErrors.message(e)));
            continue;
          }
          LOG.infof(
              "%s: %s %s/%s in %s copied up to %s/%s",
              item, decl.getKind(), svcNs, src.name(), placement.cluster(), ns, target.name());
        }
        lines.add(line(decl, target.name(), src.name(), hash, SYNCED, null));
      }
    }
    refs.track(item, "up", keys);
    return lines;
  }

  // ---- clean-up

  /**
   * After a sync: removes the up copies the status recorded that are no longer copied, and the down
   * copies no instance names any more, when the down names changed.
   */
  public void afterSync(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      Connection conn,
      List<Line> now) {
    List<Map<String, Object>> before = recorded(tenant);
    Set<String> current = new HashSet<>();
    for (Line l : now) {
      current.add(l.direction() + "/" + l.kind() + "/" + l.name());
    }
    boolean downChanged = false;
    for (Map<String, Object> b : before) {
      String key = b.get("direction") + "/" + b.get("kind") + "/" + b.get("name");
      if (current.contains(key) || !(b.get("name") instanceof String name)) {
        continue;
      }
      RelatedKind k = RelatedKind.valueOf(String.valueOf(b.get("kind")));
      if (RelatedDirection.Up.name().equals(b.get("direction"))) {
        deleteUpCopy(kind, tenant, k, name);
      } else {
        downChanged = true;
      }
    }
    if (downChanged) {
      collectDown(placement, conn, tenant.getMetadata().getNamespace(), null);
    }
  }

  /**
   * The instance is deleted and nothing of it is left at {@code placement}: its down copies there
   * go unless another instance names them.
   */
  public void releaseDown(WorkItem.Instance item, Placement placement, Connection conn) {
    collectDown(placement, conn, item.namespace(), item);
  }

  /** The instance is deleted: its up copies go (every one labelled as its, by a list). */
  public void deleteUp(OfferedKind kind, GenericKubernetesResource tenant) {
    if (kind.related(RelatedDirection.Up).isEmpty() && recorded(tenant).isEmpty()) {
      return;
    }
    deleteUpCopies(kind, tenant.getMetadata().getNamespace(), tenant);
  }

  /** The instance {@code gone} no longer exists: its up copies go. */
  public void sweep(OfferedKind kind, WorkItem.Instance gone) {
    if (kind.related(RelatedDirection.Up).isEmpty()) {
      return;
    }
    GenericKubernetesResource ghost = new GenericKubernetesResource();
    ghost.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    ghost.getMetadata().setNamespace(gone.namespace());
    ghost.getMetadata().setName(gone.name());
    deleteUpCopies(kind, gone.namespace(), ghost);
  }

  public void forget(WorkItem.Instance item) {
    refs.track(item, "down", Set.of());
    refs.track(item, "up", Set.of());
  }

  private void deleteUpCopies(OfferedKind kind, String ns, GenericKubernetesResource tenant) {
    Map<String, String> selector = new LinkedHashMap<>(ServiceObjects.ownerLabels(kind, tenant));
    selector.remove(Labels.OWNER_UID);
    for (RelatedKind k : RelatedKind.values()) {
      if (!kind.declares(k) && k != RelatedKind.Secret) {
        continue;
      }
      try {
        List<? extends HasMetadata> found =
            k == RelatedKind.Secret
                ? management.secrets().inNamespace(ns).withLabels(selector).list().getItems()
                : management.configMaps().inNamespace(ns).withLabels(selector).list().getItems();
        for (HasMetadata o : found) {
          if (o.getMetadata().getLabels().containsKey(Labels.RELATED)
              && ServiceObjects.ownership(kind, tenant, o.getMetadata().getLabels())
                  != ServiceObjects.Ownership.FOREIGN) {
            delete(management, k, ns, o.getMetadata().getName());
            LOG.infof(
                "%s %s/%s: the copy's instance is gone; deleted", k, ns, o.getMetadata().getName());
          }
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() != 403 && e.getCode() != 404) {
          throw e;
        }
        // the agent's rights in a namespace end with the account's Tenant role, after its
        // instances: nothing of ours can be written there since
      }
    }
  }

  private void deleteUpCopy(
      OfferedKind kind, GenericKubernetesResource tenant, RelatedKind k, String name) {
    String ns = tenant.getMetadata().getNamespace();
    HasMetadata existing = tenantCache(k).get(ns, name);
    if (existing != null
        && existing.getMetadata().getLabels() != null
        && existing.getMetadata().getLabels().containsKey(Labels.RELATED)
        && ServiceObjects.ownership(kind, tenant, existing.getMetadata().getLabels())
            != ServiceObjects.Ownership.FOREIGN) {
      delete(management, k, ns, name);
      LOG.infof("%s %s/%s is no longer copied up; deleted", k, ns, name);
    }
  }

  /**
   * Deletes the down copies in {@code placement}'s namespace that no instance of the tenant
   * namespace placed there (but {@code except}) names any more.
   */
  private void collectDown(
      Placement placement, Connection conn, String tenantNamespace, WorkItem.Instance except) {
    Map<RelatedKind, Set<String>> named = new HashMap<>();
    for (Propagator p : propagators.ofProvider(placement.providerNamespace())) {
      List<RelatedResource> decls = p.kind().related(RelatedDirection.Down);
      if (decls.isEmpty()) {
        continue;
      }
      for (GenericKubernetesResource t : p.tenantsIn(tenantNamespace)) {
        String region = Placements.region(t);
        if (p.item(t).equals(except) || (region != null && !placement.cluster().equals(region))) {
          continue; // (an instance not placed yet may be placed here: it keeps what it names)
        }
        if (t.getMetadata().getDeletionTimestamp() != null
            && p.services()
                    .service(
                        placement.clusterKey(),
                        placement.serviceNamespace(),
                        t.getMetadata().getName())
                == null) {
          continue; // being deleted and gone from the service cluster: it names nothing any more
        }
        for (RelatedResource d : decls) {
          for (Named n : names(d, t, t)) {
            named.computeIfAbsent(d.getKind(), x -> new HashSet<>()).add(n.name());
          }
        }
      }
    }
    for (RelatedKind k : RelatedKind.values()) {
      for (HasMetadata o : serviceCache(conn, k).list(placement.serviceNamespace())) {
        if (RelatedCopies.isDownCopy(o, tenantNamespace)
            && !named.getOrDefault(k, Set.of()).contains(o.getMetadata().getName())) {
          try {
            connections.call(
                conn,
                () ->
                    delete(
                        conn.client(), k, placement.serviceNamespace(), o.getMetadata().getName()));
          } catch (SyncFailure f) {
            if (f.unreachable()) {
              throw f;
            }
            LOG.warnf(
                "%s %s/%s in %s: deleting it was refused: %s",
                k,
                placement.serviceNamespace(),
                o.getMetadata().getName(),
                placement.cluster(),
                f.getMessage());
            continue;
          }
          LOG.infof(
              "%s %s/%s in %s: no instance names it any more; deleted",
              k, placement.serviceNamespace(), o.getMetadata().getName(), placement.cluster());
        }
      }
    }
  }

  /**
   * The safety net of {@link #releaseDown}: in every service namespace watched, the down copies
   * that no instance names any more (an instance that went without the agent, a finalizer removed
   * by hand) are deleted. Runs with the agent's maintenance, only over cached copies.
   */
  public void collectAllDown() {
    Set<String> done = new HashSet<>();
    for (Propagator p : propagators.all()) {
      if (p.kind().related(RelatedDirection.Down).isEmpty()) {
        continue;
      }
      String provider = p.kind().entryNamespace();
      for (String clusterKey : p.services().watchedClusters()) {
        Connection conn = connections.existing(clusterKey);
        if (conn == null || !conn.reachable() || !done.add(clusterKey)) {
          continue;
        }
        String cluster = clusterKey.substring(clusterKey.indexOf('/') + 1);
        for (RelatedKind k : RelatedKind.values()) {
          NamespacedCache<? extends HasMetadata> cache = serviceCache(conn, k);
          for (String svcNs : cache.namespaces()) {
            Set<String> tenantNamespaces = new HashSet<>();
            for (HasMetadata o : cache.list(svcNs)) {
              Map<String, String> l = o.getMetadata().getLabels();
              if (l != null
                  && Labels.RELATED_DOWN.equals(l.get(Labels.RELATED))
                  && l.get(Labels.OWNER_NAMESPACE) != null) {
                tenantNamespaces.add(l.get(Labels.OWNER_NAMESPACE));
              }
            }
            for (String tenantNs : tenantNamespaces) {
              try {
                collectDown(new Placement(provider, cluster, svcNs), conn, tenantNs, null);
              } catch (SyncFailure f) {
                LOG.debugf(
                    "collecting down copies in %s/%s: %s", clusterKey, svcNs, f.getMessage());
              }
            }
          }
        }
      }
    }
  }

  // ---- names

  /** A name found for a declaration (or why none can be used), and where it came from. */
  record Named(String name, String path, String problem) {}

  /** The names of {@code decl} in {@code on} (templates are read from {@code tenant}). */
  static List<Named> names(
      RelatedResource decl, GenericKubernetesResource tenant, GenericKubernetesResource on) {
    Map<String, Object> root = asMap(on);
    List<Named> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    if (decl.getFromPath() != null) {
      for (RelatedPaths.Match m : RelatedPaths.strings(root, decl.getFromPath())) {
        String name = (String) m.value();
        String problem = invalid(decl, name, m.path());
        Object otherNs = m.parent() == null ? null : m.parent().get("namespace");
        if (problem == null
            && decl.getDirection() == RelatedDirection.Down
            && otherNs instanceof String o
            && !o.isBlank()
            && !o.equals(tenant.getMetadata().getNamespace())) {
          problem =
              m.path()
                  + " refers to "
                  + RelatedCopies.kindName(decl.getKind())
                  + " "
                  + o
                  + "/"
                  + name
                  + ": only objects of the instance's own namespace ("
                  + tenant.getMetadata().getNamespace()
                  + ") travel";
        }
        if (seen.add(name)) {
          out.add(new Named(name, m.path(), problem));
        }
      }
    } else if (decl.getNameTemplate() != null) {
      try {
        for (String name : RelatedPaths.render(decl.getNameTemplate(), asMap(tenant))) {
          if (seen.add(name)) {
            out.add(
                new Named(
                    name, decl.getNameTemplate(), invalid(decl, name, decl.getNameTemplate())));
          }
        }
      } catch (IllegalArgumentException e) {
        out.add(
            new Named(
                null,
                decl.getNameTemplate(),
                "relatedResources[" + decl.getName() + "]: " + e.getMessage()));
      }
    }
    return out;
  }

  /** The service-side objects a selector declaration picks. */
  private static List<Named> selected(
      RelatedResource decl, GenericKubernetesResource tenant, List<? extends HasMetadata> objects) {
    Map<String, String> want = new LinkedHashMap<>();
    Map<String, String> matchLabels = decl.getSelector().getMatchLabels();
    if (matchLabels != null) {
      for (Map.Entry<String, String> e : matchLabels.entrySet()) {
        List<String> v;
        try {
          v = RelatedPaths.render(e.getValue(), asMap(tenant));
        } catch (IllegalArgumentException ex) {
          return List.of(new Named(null, "selector", ex.getMessage()));
        }
        if (v.size() != 1) {
          return List.of();
        }
        want.put(e.getKey(), v.get(0));
      }
    }
    io.kubecarrier.api.common.LabelSelector selector =
        new io.kubecarrier.api.common.LabelSelector(want, decl.getSelector().getMatchExpressions());
    return objects.stream()
        .filter(o -> selector.matches(o.getMetadata().getLabels()))
        .filter(o -> !isOwnedLabels(o.getMetadata().getLabels()))
        .map(o -> new Named(o.getMetadata().getName(), "selected by its labels", null))
        .toList();
  }

  /** Whether labels are those of an object KubeCarrier made for some instance. */
  private static boolean isOwnedLabels(Map<String, String> labels) {
    return labels != null && labels.containsKey(Labels.OWNER_NAMESPACE);
  }

  /** The name of the up copy of {@code source}. */
  private static Named target(
      RelatedResource decl, GenericKubernetesResource tenant, String source) {
    if (decl.getTargetName() == null) {
      return new Named(source, "the source's name", null);
    }
    Map<String, Object> root = new LinkedHashMap<>(asMap(tenant));
    root.put("source", Map.of("name", source));
    List<String> names;
    try {
      names = RelatedPaths.render(decl.getTargetName(), root);
    } catch (IllegalArgumentException e) {
      return new Named(
          null,
          decl.getTargetName(),
          "relatedResources[" + decl.getName() + "]: " + e.getMessage());
    }
    if (names.size() != 1) {
      return new Named(
          null,
          decl.getTargetName(),
          "relatedResources["
              + decl.getName()
              + "].targetName "
              + decl.getTargetName()
              + " yields "
              + names.size()
              + " names for "
              + source
              + ": it must yield exactly one");
    }
    return new Named(
        names.get(0), decl.getTargetName(), invalid(decl, names.get(0), decl.getTargetName()));
  }

  private static String invalid(RelatedResource decl, String name, String from) {
    if (Names.isDnsSubdomain(name)) {
      return null;
    }
    return "relatedResources["
        + decl.getName()
        + "]: "
        + from
        + " yields '"
        + name
        + "', which is not a valid "
        + RelatedCopies.kindName(decl.getKind())
        + " name (lower-case letters, digits, '-' and '.', at most 253 characters)";
  }

  // ---- helpers

  private static Line line(
      RelatedResource d, String name, String serviceName, String state, String message) {
    return line(d, name, serviceName, null, state, message);
  }

  private static Line line(
      RelatedResource d,
      String name,
      String serviceName,
      String hash,
      String state,
      String message) {
    return new Line(
        d.getName(), d.getDirection(), d.getKind(), name, serviceName, hash, state, message);
  }

  /** Why the caches a declaration reads are not ready yet (their first list), or null. */
  private static String notListed(
      RelatedResource d,
      NamespacedCache<? extends HasMetadata> tenantSide,
      String ns,
      NamespacedCache<? extends HasMetadata> serviceSide,
      String svcNs,
      String cluster) {
    if (!tenantSide.add(ns, CACHE_WAIT)) {
      return "the " + plural(d) + " of namespace " + ns + " are not listed yet";
    }
    if (!serviceSide.add(svcNs, CACHE_WAIT)) {
      return "the "
          + plural(d)
          + " of service namespace "
          + svcNs
          + " in "
          + cluster
          + " are not listed yet";
    }
    return null;
  }

  private static String plural(RelatedResource d) {
    return d.getKind() == RelatedKind.Secret ? "Secrets" : "ConfigMaps";
  }

  private NamespacedCache<? extends HasMetadata> tenantCache(RelatedKind k) {
    return k == RelatedKind.Secret ? tenantSecrets : tenantConfigMaps;
  }

  private static NamespacedCache<? extends HasMetadata> serviceCache(
      Connection conn, RelatedKind k) {
    return k == RelatedKind.Secret ? conn.secrets() : conn.configMaps();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> recorded(GenericKubernetesResource tenant) {
    Object r =
        InstanceStatus.block(ServiceObjects.map(tenant, "status")).get(InstanceStatus.RELATED);
    if (!(r instanceof List<?> l)) {
      return List.of();
    }
    return l.stream()
        .filter(x -> x instanceof Map<?, ?>)
        .map(x -> (Map<String, Object>) x)
        .toList();
  }

  private static Map<String, Object> asMap(GenericKubernetesResource o) {
    Map<String, Object> m = new LinkedHashMap<>(o.getAdditionalProperties());
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", o.getMetadata().getName());
    meta.put("namespace", o.getMetadata().getNamespace());
    if (o.getMetadata().getLabels() != null) {
      meta.put("labels", o.getMetadata().getLabels());
    }
    if (o.getMetadata().getAnnotations() != null) {
      meta.put("annotations", o.getMetadata().getAnnotations());
    }
    m.put("metadata", meta);
    return m;
  }

  private static Object apply(KubernetesClient client, HasMetadata copy) {
    if (copy instanceof Secret s) {
      return client
          .secrets()
          .inNamespace(s.getMetadata().getNamespace())
          .resource(s)
          .fieldManager(ServiceObjects.FIELD_MANAGER)
          .forceConflicts()
          .serverSideApply();
    }
    ConfigMap c = (ConfigMap) copy;
    return client
        .configMaps()
        .inNamespace(c.getMetadata().getNamespace())
        .resource(c)
        .fieldManager(ServiceObjects.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  private static Object delete(KubernetesClient client, RelatedKind k, String ns, String name) {
    return k == RelatedKind.Secret
        ? client.secrets().inNamespace(ns).withName(name).delete()
        : client.configMaps().inNamespace(ns).withName(name).delete();
  }

  /**
   * Stops watching the tenant namespaces where no instance of a kind that declares related
   * resources is left (an account gone, its rights with it).
   */
  public void retainTenantNamespaces() {
    Set<String> keep = new HashSet<>();
    for (Propagator p : propagators.all()) {
      if (!p.kind().related().isEmpty()) {
        p.tenants().forEach(t -> keep.add(t.getMetadata().getNamespace()));
      }
    }
    for (String ns : tenantSecrets.namespaces()) {
      if (!keep.contains(ns)) {
        tenantSecrets.remove(ns);
      }
    }
    for (String ns : tenantConfigMaps.namespaces()) {
      if (!keep.contains(ns)) {
        tenantConfigMaps.remove(ns);
      }
    }
  }

  @Override
  public void close() {
    tenantSecrets.close();
    tenantConfigMaps.close();
  }
}
