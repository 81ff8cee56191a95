package io.kubecarrier.propagation.apply;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.MetadataPropagation;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.placement.Placement;
import io.kubecarrier.propagation.queue.WorkItem;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the objects the agent writes: the service-side copy of a tenant instance, the tenant
 * instance of an adopted service-side object, and the tenant's copy of a connection Secret. Pure
 * functions, tested alone.
 */
public final class ServiceObjects {

  /** Field manager of every write of the agent. */
  public static final String FIELD_MANAGER = "kubecarrier-propagation-agent";

  /** A forced server-side apply under {@link #FIELD_MANAGER}. */
  public static final io.fabric8.kubernetes.client.dsl.base.PatchContext APPLY =
      new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder()
          .withPatchType(io.fabric8.kubernetes.client.dsl.base.PatchType.SERVER_SIDE_APPLY)
          .withFieldManager(FIELD_MANAGER)
          .withForce(true)
          .build();

  /**
   * Connection secrets: the service operator names the Secret (in the instance's service namespace)
   * in {@code status.connectionSecretRef.name} of the service object.
   */
  static final String CONNECTION_SECRET_REF = "connectionSecretRef";

  private static final io.fabric8.kubernetes.client.utils.KubernetesSerialization YAML =
      new io.fabric8.kubernetes.client.utils.KubernetesSerialization();

  private ServiceObjects() {}

  /**
   * The service-side object of {@code tenant}: same name, the assignment's namespace, the exposed
   * spec, labels that point back to the tenant object, and the hash of all that in {@link
   * Annotations#APPLIED_HASH}. Applied with server-side apply, so only these fields are owned by
   * the agent, and a field that leaves the desired object is removed from the service object.
   */
  public static GenericKubernetesResource desired(
      OfferedKind kind, GenericKubernetesResource tenant, Placement placement) {
    GenericKubernetesResource o = new GenericKubernetesResource();
    o.setApiVersion(kind.service().apiVersion());
    o.setKind(kind.service().kind());
    ObjectMeta meta = new ObjectMeta();
    meta.setName(tenant.getMetadata().getName());
    meta.setNamespace(placement.serviceNamespace());
    MetadataPropagation pass = kind.propagate();
    Map<String, String> labels =
        propagated(tenant.getMetadata().getLabels(), pass == null ? null : pass.getLabels());
    labels.putAll(ownerLabels(kind, tenant));
    meta.setLabels(labels);
    Map<String, String> annotations =
        propagated(
            tenant.getMetadata().getAnnotations(), pass == null ? null : pass.getAnnotations());
    annotations.put(
        Annotations.SOURCE,
        tenant.getMetadata().getNamespace() + "/" + tenant.getMetadata().getName());
    meta.setAnnotations(annotations);
    o.setMetadata(meta);
    o.setAdditionalProperty(
        "spec", new ExposedPaths(kind.exposedPaths()).spec(map(tenant, "spec")));
    annotations.put(Annotations.APPLIED_HASH, appliedHash(o));
    return o;
  }

  /** An annotation of kubectl's that holds the whole object as last applied: never copied. */
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /**
   * The tenant labels (or annotations) that pass to the service object: those the allow-list names
   * (exact keys, or prefixes ending in {@code *}; null: every key), never KubeCarrier's own ({@code
   * kubecarrier.io/} and {@code *.kubecarrier.io/}) nor kubectl's last applied configuration.
   */
  public static Map<String, String> propagated(
      Map<String, String> tenant, java.util.List<String> allow) {
    Map<String, String> out = new LinkedHashMap<>();
    if (tenant == null) {
      return out;
    }
    tenant.forEach(
        (k, v) -> {
          if (!ours(k) && !LAST_APPLIED.equals(k) && allowed(k, allow)) {
            out.put(k, v);
          }
        });
    return out;
  }

  /** Whether a label or annotation key is in KubeCarrier's domain. */
  public static boolean ours(String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      return false;
    }
    String prefix = key.substring(0, slash);
    return prefix.equals("kubecarrier.io") || prefix.endsWith(".kubecarrier.io");
  }

  private static boolean allowed(String key, java.util.List<String> allow) {
    if (allow == null) {
      return true;
    }
    for (String a : allow) {
      if (a.endsWith("*") ? key.startsWith(a.substring(0, a.length() - 1)) : key.equals(a)) {
        return true;
      }
    }
    return false;
  }

  /** The hash of what {@code desired} sets (labels, our annotation, spec). */
  static String appliedHash(GenericKubernetesResource desired) {
    Map<String, String> annotations =
        new java.util.TreeMap<>(desired.getMetadata().getAnnotations());
    annotations.remove(Annotations.APPLIED_HASH);
    return Names.hash(
        YAML.asJson(
            java.util.List.of(
                new java.util.TreeMap<>(desired.getMetadata().getLabels()),
                annotations,
                map(desired, "spec"))));
  }

  public static Map<String, String> ownerLabels(
      OfferedKind kind, GenericKubernetesResource tenant) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_PROPAGATION_AGENT);
    labels.put(Labels.OWNER_GROUP, Names.labelValue(kind.tenant().group()));
    labels.put(Labels.OWNER_KIND, kind.tenant().kind());
    labels.put(Labels.OWNER_NAMESPACE, tenant.getMetadata().getNamespace());
    labels.put(Labels.OWNER_NAME, Names.labelValue(tenant.getMetadata().getName()));
    if (tenant.getMetadata().getUid() != null) {
      labels.put(Labels.OWNER_UID, tenant.getMetadata().getUid());
    }
    labels.put(Labels.CATALOG_ENTRY, Names.labelValue(kind.entryName()));
    return labels;
  }

  /** How a service-side object (or a Secret copy) relates to a tenant instance. */
  public enum Ownership {
    /** Made for this instance. */
    MINE,
    /** Made for an earlier instance of the same name that is gone (another owner uid). */
    STALE,
    /** Not this instance's: another owner, or no KubeCarrier labels at all. Never touched. */
    FOREIGN
  }

  /**
   * How the service object {@code o} at {@code placement} relates to {@code tenant}: by its owner
   * labels, and an object without any KubeCarrier labels is this instance's when the instance was
   * made by adopting exactly that object (its {@link Annotations#SOURCE} names it).
   */
  public static Ownership relation(
      OfferedKind kind,
      GenericKubernetesResource tenant,
      Placement placement,
      GenericKubernetesResource o) {
    Ownership byLabels = ownership(kind, tenant, o.getMetadata().getLabels());
    if (byLabels == Ownership.FOREIGN && !isOwned(o) && !isOrphaned(o)) {
      Map<String, String> a = tenant.getMetadata().getAnnotations();
      String source = a == null ? null : a.get(Annotations.SOURCE);
      String adoptedFrom =
          placement.cluster()
              + "/"
              + placement.serviceNamespace()
              + "/"
              + o.getMetadata().getName();
      if (adoptedFrom.equals(source)) {
        return Ownership.MINE;
      }
    }
    return byLabels;
  }

  /**
   * Whether {@code labels} (of a service object or a Secret copy) are those of {@code tenant}'s
   * copies: managed by the agent, same owner group, kind, namespace and name; an owner uid, when
   * there is one, tells a copy of this instance from one of an earlier instance of the same name.
   */
  public static Ownership ownership(
      OfferedKind kind, GenericKubernetesResource tenant, Map<String, String> labels) {
    if (labels == null
        || !Labels.MANAGED_BY_PROPAGATION_AGENT.equals(labels.get(Labels.MANAGED_BY))
        || !Names.labelValue(kind.tenant().group()).equals(labels.get(Labels.OWNER_GROUP))
        || !kind.tenant().kind().equals(labels.get(Labels.OWNER_KIND))
        || !tenant.getMetadata().getNamespace().equals(labels.get(Labels.OWNER_NAMESPACE))
        || !Names.labelValue(tenant.getMetadata().getName())
            .equals(labels.get(Labels.OWNER_NAME))) {
      return Ownership.FOREIGN;
    }
    String uid = labels.get(Labels.OWNER_UID);
    return uid == null || uid.equals(tenant.getMetadata().getUid())
        ? Ownership.MINE
        : Ownership.STALE;
  }

  /**
   * The tenant instance a service-side object belongs to, from its labels: empty when it carries no
   * owner labels of this kind (then it may be adopted).
   */
  public static Optional<WorkItem.Instance> owner(
      OfferedKind kind, GenericKubernetesResource service) {
    Map<String, String> labels = service.getMetadata().getLabels();
    if (labels == null
        || !Labels.MANAGED_BY_PROPAGATION_AGENT.equals(labels.get(Labels.MANAGED_BY))
        || !Names.labelValue(kind.tenant().group()).equals(labels.get(Labels.OWNER_GROUP))
        || labels.get(Labels.OWNER_NAMESPACE) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new WorkItem.Instance(
            kind.entryKey(), labels.get(Labels.OWNER_NAMESPACE), service.getMetadata().getName()));
  }

  /** Whether a service-side object carries the owner labels of any tenant kind. */
  public static boolean isOwned(GenericKubernetesResource service) {
    Map<String, String> labels = service.getMetadata().getLabels();
    return labels != null && labels.containsKey(Labels.OWNER_NAMESPACE);
  }

  /** Whether a service-side object was left behind by an orphaning deletion. */
  public static boolean isOrphaned(GenericKubernetesResource service) {
    Map<String, String> a = service.getMetadata().getAnnotations();
    return a != null && a.containsKey(Annotations.ORPHANED_FROM);
  }

  /**
   * Whether the cached service-side object is what {@code desired} describes: it was last applied
   * from the same desired object (hash) and still carries every field we set (no drift).
   */
  public static boolean upToDate(
      GenericKubernetesResource actual, GenericKubernetesResource desired) {
    if (actual == null || actual.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    return ExposedPaths.covers(actual.getMetadata().getLabels(), desired.getMetadata().getLabels())
        && ExposedPaths.covers(
            actual.getMetadata().getAnnotations(), desired.getMetadata().getAnnotations())
        && ExposedPaths.covers(map(actual, "spec"), map(desired, "spec"));
  }

  /** The tenant instance made for an adopted service-side object. */
  public static GenericKubernetesResource adopted(
      OfferedKind kind, GenericKubernetesResource service, String tenantNamespace, String cluster) {
    GenericKubernetesResource o = new GenericKubernetesResource();
    o.setApiVersion(kind.tenant().apiVersion());
    o.setKind(kind.tenant().kind());
    ObjectMeta meta = new ObjectMeta();
    meta.setName(service.getMetadata().getName());
    meta.setNamespace(tenantNamespace);
    meta.setLabels(Map.of(Labels.REGION, cluster));
    meta.setAnnotations(
        Map.of(
            Annotations.SOURCE,
            cluster
                + "/"
                + service.getMetadata().getNamespace()
                + "/"
                + service.getMetadata().getName()));
    o.setMetadata(meta);
    o.setAdditionalProperty(
        "spec", new ExposedPaths(kind.exposedPaths()).spec(map(service, "spec")));
    return o;
  }

  /** Name of the connection Secret the service operator wrote, from the service object's status. */
  public static Optional<String> connectionSecretRef(GenericKubernetesResource service) {
    if (service == null) {
      return Optional.empty();
    }
    Object ref = map(service, "status").get(CONNECTION_SECRET_REF);
    if (ref instanceof Map<?, ?> m && m.get("name") instanceof String name && !name.isBlank()) {
      return Optional.of(name);
    }
    return Optional.empty();
  }

  /** The tenant's copy of a connection Secret: data and type of the source, our labels. */
  public static Secret tenantSecret(
      OfferedKind kind, GenericKubernetesResource tenant, Secret source, String cluster) {
    Map<String, String> labels = new LinkedHashMap<>(ownerLabels(kind, tenant));
    labels.put(Labels.SERVICE_CLUSTER, cluster);
    return new SecretBuilder()
        .withNewMetadata()
        .withName(connectionSecretName(kind, tenant))
        .withNamespace(tenant.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(
            Map.of(
                Annotations.SOURCE,
                cluster
                    + "/"
                    + source.getMetadata().getNamespace()
                    + "/"
                    + source.getMetadata().getName()))
        .endMetadata()
        .withType(source.getType() == null ? "Opaque" : source.getType())
        .withData(source.getData() == null ? Map.of() : new LinkedHashMap<>(source.getData()))
        .build();
  }

  public static String connectionSecretName(OfferedKind kind, GenericKubernetesResource tenant) {
    return Names.connectionSecretName(
        kind.tenant().group(), kind.tenant().kind(), tenant.getMetadata().getName());
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(GenericKubernetesResource o, String field) {
    Object v = o.getAdditionalProperties().get(field);
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
