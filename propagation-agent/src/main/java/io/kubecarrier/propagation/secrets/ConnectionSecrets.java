package io.kubecarrier.propagation.secrets;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.propagation.SyncFailure;
import io.kubecarrier.propagation.apply.ServiceObjects;
import io.kubecarrier.propagation.connections.Connection;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.placement.Placement;
import io.kubecarrier.propagation.queue.WorkItem;
import io.kubecarrier.propagation.status.InstanceStatus;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The tenant's copy of the connection Secret a service operator names in {@code
 * status.connectionSecretRef.name}: written next to the instance, re-written when its content
 * changes, deleted with the instance. A Secret of that name is written or deleted only when its
 * owner labels are this instance's (never another tenant's own Secret, never another provider's
 * copy).
 */
public final class ConnectionSecrets {

  private static final Logger LOG = Logger.getLogger(ConnectionSecrets.class);

  private final KubernetesClient management;
  private final SecretRefs refs;
  private final Map<WorkItem.Instance, String> copied = new ConcurrentHashMap<>();

  /** Instances whose copies this agent deleted with them: nothing to sweep after them. */
  private final Set<WorkItem.Instance> deleted = ConcurrentHashMap.newKeySet();

  public ConnectionSecrets(KubernetesClient management, SecretRefs refs) {
    this.management = management;
    this.refs = refs;
  }

  /**
   * Copies the service operator's connection Secret next to the tenant instance; returns what was
   * copied (or found already copied), null when there is nothing to copy yet. A copy whose content
   * hash the instance's status already records costs no request (e.g. after a restart).
   */
  public InstanceStatus.CopiedSecret copy(
      WorkItem.Instance item,
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      Connection conn,
      GenericKubernetesResource service) {
    String ref = ServiceObjects.connectionSecretRef(service).orElse(null);
    refs.track(item, placement.clusterKey(), placement.serviceNamespace(), ref);
    if (ref == null) {
      return null;
    }
    Secret source = conn.secret(placement.serviceNamespace(), ref);
    if (source == null) {
      return null; // not written yet (or not cached yet): its event re-queues the instance
    }
    Secret copy = ServiceObjects.tenantSecret(kind, tenant, source, placement.cluster());
    InstanceStatus.CopiedSecret result =
        new InstanceStatus.CopiedSecret(
            copy.getMetadata().getName(),
            Names.hash(
                copy.getType()
                    + copy.getData()
                    + copy.getMetadata().getLabels()
                    + copy.getMetadata().getAnnotations()));
    Map<String, Object> status = ServiceObjects.map(tenant, "status");
    if (result.hash().equals(copied.get(item))
        || (result.hash().equals(InstanceStatus.connectionSecretHash(status))
            && result.name().equals(InstanceStatus.connectionSecretName(status)))) {
      return result;
    }
    String ns = tenant.getMetadata().getNamespace();
    boolean neverCopied =
        copied.get(item) == null && InstanceStatus.connectionSecretName(status) == null;
    if (!neverCopied || !created(ns, copy)) {
      Secret existing =
          management.secrets().inNamespace(ns).withName(copy.getMetadata().getName()).get();
      ServiceObjects.Ownership owner =
          existing == null
              ? null
              : ServiceObjects.ownership(kind, tenant, existing.getMetadata().getLabels());
      if (owner == ServiceObjects.Ownership.MINE && sameContent(existing, copy)) {
        copied.put(item, result.hash()); // already copied (before a restart)
        return result;
      }
      if (owner == ServiceObjects.Ownership.FOREIGN) {
        throw new SyncFailure(
            Reasons.SYNC_FAILED,
            "Secret "
                + ns
                + "/"
                + copy.getMetadata().getName()
                + " exists and is not this instance's copy: delete or rename it to receive the"
                + " connection data");
      }
      if (existing == null) {
        if (!created(ns, copy)) {
          throw new SyncFailure(
              Reasons.SYNC_FAILED,
              "Secret " + ns + "/" + copy.getMetadata().getName() + " changed meanwhile; retrying");
        }
      } else {
        replaceContent(ns, existing, copy);
      }
    }
    copied.put(item, result.hash());
    deleteLegacy(kind, tenant, result.name());
    LOG.infof(
        "%s: connection Secret %s copied from %s/%s in %s",
        item, copy.getMetadata().getName(), placement.serviceNamespace(), ref, placement.cluster());
    return result;
  }

  /**
   * Creates the copy (one request, where a read and an apply would be two); false when a Secret of
   * that name exists already.
   */
  private boolean created(String ns, Secret copy) {
    try {
      management.secrets().inNamespace(ns).resource(copy).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Replaces the data of this instance's existing copy (keys the source dropped go too), its labels
   * and annotations of ours, with a JSON patch that first tests the copy's owner labels: a Secret
   * replaced by another of that name meanwhile is left alone (the patch fails, the retry reads it
   * again).
   */
  private void replaceContent(String ns, Secret existing, Secret copy) {
    java.util.List<Map<String, Object>> ops = new java.util.ArrayList<>();
    Map<String, String> labels = existing.getMetadata().getLabels();
    copy.getMetadata()
        .getLabels()
        .forEach(
            (k, v) -> {
              if (labels.containsKey(k) && v.equals(labels.get(k))) {
                ops.add(op("test", "/metadata/labels/" + pointer(k), v));
              } else {
                ops.add(op("add", "/metadata/labels/" + pointer(k), v));
              }
            });
    if (existing.getMetadata().getAnnotations() == null) {
      ops.add(op("add", "/metadata/annotations", copy.getMetadata().getAnnotations()));
    } else {
      copy.getMetadata()
          .getAnnotations()
          .forEach((k, v) -> ops.add(op("add", "/metadata/annotations/" + pointer(k), v)));
    }
    ops.add(op("add", "/data", copy.getData()));
    management
        .secrets()
        .inNamespace(ns)
        .resource(existing)
        .patch(
            io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
            io.fabric8.kubernetes.client.utils.Serialization.asJson(ops));
  }

  private static Map<String, Object> op(String op, String path, Object value) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("op", op);
    m.put("path", path);
    m.put("value", value);
    return m;
  }

  /** A key as a JSON pointer segment. */
  private static String pointer(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  /** Deletes the instance's copies (the current name and the one its status records). */
  public void delete(OfferedKind kind, GenericKubernetesResource tenant) {
    for (String name : names(kind, tenant)) {
      deleteIfMine(kind, tenant, name);
    }
    deleted.add(
        new WorkItem.Instance(
            kind.entryKey(), tenant.getMetadata().getNamespace(), tenant.getMetadata().getName()));
  }

  /**
   * Deletes the copy of an instance that no longer exists (found by its deterministic name), when
   * its owner labels are that instance's; the agent may not list Secrets, so this is how a copy
   * whose instance went without the agent (a finalizer removed by hand) is swept.
   */
  public void sweep(OfferedKind kind, WorkItem.Instance gone) {
    if (deleted.remove(gone)) {
      return; // deleted with its instance
    }
    GenericKubernetesResource ghost = new GenericKubernetesResource();
    ghost.setApiVersion(kind.tenant().apiVersion());
    ghost.setKind(kind.tenant().kind());
    ghost.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    ghost.getMetadata().setNamespace(gone.namespace());
    ghost.getMetadata().setName(gone.name());
    String name = ServiceObjects.connectionSecretName(kind, ghost);
    Secret s;
    try {
      s = management.secrets().inNamespace(gone.namespace()).withName(name).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      // the agent's Secret rights there (propagation-agent-copies) follow the account's Tenant role
      // and outlive its instances; gone, the namespace is no tenant's any more (or is being
      // deleted with its account) and holds no copy the agent could have written since
      LOG.debugf(
          "%s: no Secret rights in namespace %s any more; nothing to sweep",
          gone, gone.namespace());
      return;
    }
    if (s != null
        && ServiceObjects.ownership(kind, ghost, s.getMetadata().getLabels())
            != ServiceObjects.Ownership.FOREIGN) {
      management.secrets().inNamespace(gone.namespace()).withName(name).delete();
      LOG.infof("%s: the instance is gone; swept its connection Secret copy %s", gone, name);
    }
  }

  /** The instance is gone: forget what was copied for it and which Secret it copies. */
  public void forget(WorkItem.Instance item) {
    copied.remove(item);
    refs.forget(item);
  }

  /** A copy under a name the status records but that is not the current one (older versions). */
  private void deleteLegacy(OfferedKind kind, GenericKubernetesResource tenant, String current) {
    String recorded = InstanceStatus.connectionSecretName(ServiceObjects.map(tenant, "status"));
    if (recorded != null && !recorded.equals(current)) {
      deleteIfMine(kind, tenant, recorded);
    }
  }

  private void deleteIfMine(OfferedKind kind, GenericKubernetesResource tenant, String name) {
    String ns = tenant.getMetadata().getNamespace();
    Secret s = management.secrets().inNamespace(ns).withName(name).get();
    if (s != null
        && ServiceObjects.ownership(kind, tenant, s.getMetadata().getLabels())
            != ServiceObjects.Ownership.FOREIGN) {
      management.secrets().inNamespace(ns).withName(name).delete();
    }
  }

  private static Set<String> names(OfferedKind kind, GenericKubernetesResource tenant) {
    Set<String> names = new LinkedHashSet<>();
    names.add(ServiceObjects.connectionSecretName(kind, tenant));
    String recorded = InstanceStatus.connectionSecretName(ServiceObjects.map(tenant, "status"));
    if (recorded != null) {
      names.add(recorded);
    }
    return names;
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
}
