package io.kubecarrier.account;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentryset.CatalogEntrySet;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.operator.errors.ApiErrors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * What an account namespace holds that outlives a plain namespace deletion: the hub objects that
 * their own operators tear down (Catalogs, CatalogEntrySets, CatalogEntries,
 * CustomResourceDiscoveries, ServiceClusters, ServiceClusterAssignments; each has its finalizer),
 * and the tenant instances (objects of the tenant-facing CRDs, which carry the label {@code
 * kubecarrier.io/catalog-entry}), which belong to the tenant. The account operator deletes the hub
 * objects when the account goes ({@link #delete}); it never deletes tenant instances or Secrets.
 */
public final class HubObjects {

  private static final Logger LOG = Logger.getLogger(HubObjects.class);

  /**
   * The hub kinds the account operator deletes with the account, in the order they are deleted and
   * listed: what publishes first, then what it is built from.
   */
  static final List<Class<? extends HasMetadata>> KINDS =
      List.of(
          Catalog.class,
          CatalogEntrySet.class,
          CatalogEntry.class,
          CustomResourceDiscovery.class,
          ServiceCluster.class,
          ServiceClusterAssignment.class);

  private static final Map<String, ResourceDefinitionContext> CONTEXTS = contexts();

  /** What a found object is. */
  public enum Category {
    /** A hub object of {@link #KINDS}: the account operator deletes it, its operator tears down. */
    HUB_OBJECT,
    /** A tenant instance: it lives until its tenant deletes it. */
    TENANT_INSTANCE,
    /** Instances of a tenant CRD the operator may not list: they may exist. */
    UNCHECKED
  }

  /**
   * One object found in an account namespace.
   *
   * @param category what it is
   * @param kind its kind
   * @param name its name; for {@link Category#UNCHECKED} the name of the CRD that cannot be listed
   * @param deleting whether its deletion has begun
   * @param readyReason reason of its {@code Ready} condition, if it has one
   * @param readyMessage message of its {@code Ready} condition, if it has one
   */
  public record Found(
      Category category,
      String kind,
      String name,
      boolean deleting,
      String readyReason,
      String readyMessage) {

    static Found hubObject(String kind, String name) {
      return new Found(Category.HUB_OBJECT, kind, name, false, null, null);
    }

    static Found deletingHubObject(String kind, String name, String reason, String message) {
      return new Found(Category.HUB_OBJECT, kind, name, true, reason, message);
    }

    static Found instance(String kind, String name, boolean deleting) {
      return new Found(Category.TENANT_INSTANCE, kind, name, deleting, null, null);
    }

    static Found unchecked(String kind, String crd) {
      return new Found(Category.UNCHECKED, kind, crd, false, null, null);
    }

    /** Whether this is a hub object that the account operator still has to delete. */
    public boolean awaitsDeletion() {
      return category == Category.HUB_OBJECT && !deleting;
    }

    /** Whether this is (or may be) a tenant instance. */
    public boolean isTenantInstance() {
      return category != Category.HUB_OBJECT;
    }
  }

  private HubObjects() {}

  /**
   * Everything in namespace {@code namespace} that holds the deletion of its account: hub objects,
   * then tenant instances. A kind the operator may not list is reported as {@link
   * Category#UNCHECKED}, so the deletion waits rather than risking a disorderly teardown.
   */
  public static List<Found> list(KubernetesClient client, String namespace) {
    List<Found> found = new ArrayList<>();
    for (Map.Entry<String, ResourceDefinitionContext> kind : CONTEXTS.entrySet()) {
      found.addAll(
          objects(
              client,
              Category.HUB_OBJECT,
              kind.getValue(),
              kind.getKey(),
              namespace,
              crdName(kind)));
    }
    found.addAll(tenantInstances(client, namespace));
    return found;
  }

  /**
   * The tenant instances in namespace {@code namespace}, with a {@link Category#UNCHECKED} entry
   * for each tenant CRD the operator may not list.
   */
  public static List<Found> tenantInstances(KubernetesClient client, String namespace) {
    List<Found> found = new ArrayList<>();
    for (CustomResourceDefinition crd :
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withLabel(Labels.CATALOG_ENTRY)
            .list()
            .getItems()) {
      instanceContext(crd)
          .ifPresent(
              ctx ->
                  found.addAll(
                      objects(
                          client,
                          Category.TENANT_INSTANCE,
                          ctx,
                          crd.getSpec().getNames().getKind(),
                          namespace,
                          crd.getMetadata().getName())));
    }
    return found;
  }

  /**
   * Deletes the hub objects among {@code found} whose deletion has not begun; their operators'
   * finalizers do the teardown. Tenant instances and anything else are left alone.
   *
   * @return how many deletions were sent
   */
  public static int delete(KubernetesClient client, String namespace, List<Found> found) {
    int sent = 0;
    for (Found f : found) {
      ResourceDefinitionContext ctx = CONTEXTS.get(f.kind());
      if (!f.awaitsDeletion() || ctx == null) {
        continue;
      }
      client.genericKubernetesResources(ctx).inNamespace(namespace).withName(f.name()).delete();
      LOG.infof("account %s: deleting %s %s/%s", namespace, f.kind(), namespace, f.name());
      sent++;
    }
    return sent;
  }

  private static List<Found> objects(
      KubernetesClient client,
      Category category,
      ResourceDefinitionContext ctx,
      String kind,
      String namespace,
      String crdName) {
    boolean instances = category == Category.TENANT_INSTANCE;
    try {
      return client
          .genericKubernetesResources(ctx)
          .inNamespace(namespace)
          .list()
          .getItems()
          .stream()
          .map(o -> instances ? asInstance(kind, o) : asHubObject(kind, o))
          .toList();
    } catch (KubernetesClientException e) {
      if (ApiErrors.isNotFound(e)) {
        return List.of(); // the CRD is not installed, or went away meanwhile
      }
      if (ApiErrors.isForbidden(e)) {
        return List.of(Found.unchecked(kind, crdName));
      }
      throw e;
    }
  }

  private static Found asHubObject(String kind, GenericKubernetesResource o) {
    String name = o.getMetadata().getName();
    if (o.getMetadata().getDeletionTimestamp() == null) {
      return Found.hubObject(kind, name);
    }
    Map<String, Object> ready = readyCondition(o).orElse(Map.of());
    return Found.deletingHubObject(
        kind, name, string(ready.get("reason")), string(ready.get("message")));
  }

  private static Found asInstance(String kind, GenericKubernetesResource o) {
    return Found.instance(
        kind, o.getMetadata().getName(), o.getMetadata().getDeletionTimestamp() != null);
  }

  /** The {@code Ready} entry of {@code status.conditions} of a generic object. */
  @SuppressWarnings("unchecked")
  static Optional<Map<String, Object>> readyCondition(GenericKubernetesResource o) {
    if (!(o.getAdditionalProperties().get("status") instanceof Map<?, ?> status)
        || !(status.get("conditions") instanceof List<?> conditions)) {
      return Optional.empty();
    }
    return conditions.stream()
        .filter(Map.class::isInstance)
        .map(c -> (Map<String, Object>) c)
        .filter(c -> ConditionTypes.READY.equals(c.get("type")))
        .findFirst();
  }

  private static String string(Object o) {
    return o == null ? null : o.toString();
  }

  /** How to list the instances of a tenant CRD (its storage version), if it is namespaced. */
  static Optional<ResourceDefinitionContext> instanceContext(CustomResourceDefinition crd) {
    if (crd.getSpec() == null || !"Namespaced".equals(crd.getSpec().getScope())) {
      return Optional.empty();
    }
    return crd.getSpec().getVersions().stream()
        .filter(v -> Boolean.TRUE.equals(v.getStorage()))
        .map(CustomResourceDefinitionVersion::getName)
        .filter(Objects::nonNull)
        .findFirst()
        .map(
            version ->
                new ResourceDefinitionContext.Builder()
                    .withGroup(crd.getSpec().getGroup())
                    .withVersion(version)
                    .withKind(crd.getSpec().getNames().getKind())
                    .withPlural(crd.getSpec().getNames().getPlural())
                    .withNamespaced(true)
                    .build());
  }

  private static String crdName(Map.Entry<String, ResourceDefinitionContext> kind) {
    return kind.getValue().getPlural() + "." + kind.getValue().getGroup();
  }

  private static Map<String, ResourceDefinitionContext> contexts() {
    Map<String, ResourceDefinitionContext> contexts = new LinkedHashMap<>();
    for (Class<? extends HasMetadata> kind : KINDS) {
      contexts.put(HasMetadata.getKind(kind), ResourceDefinitionContext.fromResourceType(kind));
    }
    return contexts;
  }
}
