package io.kubecarrier.testkit.invariants;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Looks at every cluster with its admin client and builds an {@link Observation}. A service cluster
 * whose API server is stopped (an outage test) is left out and named as unobserved; a kind whose
 * CRD is not installed is seen as empty.
 */
final class Observer {

  private static final String AGENT_SELECTOR =
      HubLabels.MANAGED_BY + "=" + HubLabels.MANAGED_BY_PROPAGATION_AGENT;

  private final KubeClusters clusters;

  Observer(KubeClusters clusters) {
    this.clusters = clusters;
  }

  Observation observe() {
    KubeCluster management = clusters.management();
    KubernetesClient m = management.adminClient();
    String mc = management.name();

    List<Observation.Instance> instances = new ArrayList<>();
    List<Observation.TenantCrd> tenantCrds = new ArrayList<>();
    List<CustomResourceDefinition> crds =
        m.apiextensions()
            .v1()
            .customResourceDefinitions()
            .withLabel(HubLabels.CATALOG_ENTRY)
            .list()
            .getItems();
    for (CustomResourceDefinition crd : crds) {
      tenantCrds.add(
          new Observation.TenantCrd(
              ref(mc, "CustomResourceDefinition", crd), label(crd, HubLabels.PROVIDER)));
      for (GenericKubernetesResource r : list(m, context(crd))) {
        instances.add(instance(mc, crd, r));
      }
    }

    List<ObjectRef> catalogEntries = new ArrayList<>();
    Set<ServiceKind> serviceKinds = new LinkedHashSet<>();
    for (GenericKubernetesResource e : list(m, HubKinds.CATALOG_ENTRY.context())) {
      catalogEntries.add(ref(mc, HubKinds.CATALOG_ENTRY, e));
      ServiceKind k = ServiceKind.fromStatus(path(e, "status", "serviceCRD"));
      if (k != null) {
        serviceKinds.add(k);
      }
    }

    List<Observation.Assignment> assignments = new ArrayList<>();
    for (GenericKubernetesResource a : list(m, HubKinds.ASSIGNMENT.context())) {
      assignments.add(
          new Observation.Assignment(
              ref(mc, HubKinds.ASSIGNMENT, a),
              deleting(a),
              string(path(a, "spec", "serviceCluster"), "name"),
              string(path(a, "spec", "managementNamespace"), "name"),
              string(path(a, "status", "serviceClusterNamespace"), "name"),
              finalizers(a),
              Deletions.conditions(path(a, "status"))));
    }

    List<ObjectRef> regions = new ArrayList<>();
    for (GenericKubernetesResource r : list(m, HubKinds.REGION.context())) {
      regions.add(ref(mc, HubKinds.REGION, r));
    }

    List<Observation.ConnectionSecret> secrets = new ArrayList<>();
    m.secrets()
        .inAnyNamespace()
        .withLabel(HubLabels.MANAGED_BY, HubLabels.MANAGED_BY_PROPAGATION_AGENT)
        .list()
        .getItems()
        .forEach(
            s ->
                secrets.add(
                    new Observation.ConnectionSecret(
                        ref(mc, "Secret", s), OwnerLabels.of(s.getMetadata().getLabels()))));

    List<Observation.Publication> publications = new ArrayList<>();
    for (GenericKubernetesResource o : list(m, HubKinds.OFFERING.context())) {
      if (HubLabels.MANAGED_BY_CATALOG_OPERATOR.equals(label(o, HubLabels.MANAGED_BY))) {
        publications.add(publication(ref(mc, HubKinds.OFFERING, o), o));
      }
    }
    m.rbac()
        .roles()
        .inAnyNamespace()
        .withLabel(HubLabels.MANAGED_BY, HubLabels.MANAGED_BY_CATALOG_OPERATOR)
        .list()
        .getItems()
        .forEach(r -> publications.add(publication(ref(mc, "Role", r), r)));
    m.rbac()
        .roleBindings()
        .inAnyNamespace()
        .withLabel(HubLabels.MANAGED_BY, HubLabels.MANAGED_BY_CATALOG_OPERATOR)
        .list()
        .getItems()
        .forEach(r -> publications.add(publication(ref(mc, "RoleBinding", r), r)));

    List<Observation.Tenant> tenants = new ArrayList<>();
    for (GenericKubernetesResource t : list(m, HubKinds.TENANT.context())) {
      String account = label(t, HubLabels.ACCOUNT);
      tenants.add(
          new Observation.Tenant(
              ref(mc, HubKinds.TENANT, t), account != null ? account : t.getMetadata().getName()));
    }
    List<Observation.AccountNamespace> accountNamespaces = new ArrayList<>();
    m.namespaces()
        .withLabel(HubLabels.ACCOUNT)
        .list()
        .getItems()
        .forEach(
            n ->
                accountNamespaces.add(
                    new Observation.AccountNamespace(
                        ref(mc, "Namespace", n), label(n, HubLabels.ACCOUNT))));
    List<ObjectRef> accounts = new ArrayList<>();
    list(m, HubKinds.ACCOUNT.context()).forEach(a -> accounts.add(ref(mc, HubKinds.ACCOUNT, a)));

    List<Observation.ServiceObject> serviceObjects = new ArrayList<>();
    List<Observation.ServiceNamespace> serviceNamespaces = new ArrayList<>();
    List<Observation.RelatedCopy> downCopies = new ArrayList<>();
    Map<String, String> unobserved = new LinkedHashMap<>();
    Map<String, String> unanswered = new LinkedHashMap<>();
    for (KubeCluster c : clusters.serviceClusters()) {
      if (!c.isApiServerRunning()) {
        unobserved.put(c.name(), "its API server is stopped");
        continue;
      }
      List<Observation.ServiceObject> objects = new ArrayList<>();
      List<Observation.ServiceNamespace> namespaces = new ArrayList<>();
      List<Observation.RelatedCopy> copies = new ArrayList<>();
      try {
        observeServiceCluster(c, serviceKinds, objects, namespaces);
        observeDownCopies(c, copies);
        serviceObjects.addAll(objects);
        serviceNamespaces.addAll(namespaces);
        downCopies.addAll(copies);
      } catch (KubernetesClientException e) {
        if (!isTransient(e)) {
          throw e;
        }
        unanswered.put(c.name(), "did not answer: " + e.getCode() + " " + e.getMessage());
      }
    }
    return new Observation(
        stillLive(m, crds, instances),
        List.copyOf(tenantCrds),
        List.copyOf(catalogEntries),
        List.copyOf(serviceObjects),
        List.copyOf(serviceNamespaces),
        List.copyOf(assignments),
        List.copyOf(regions),
        List.copyOf(secrets),
        List.copyOf(publications),
        List.copyOf(tenants),
        List.copyOf(accountNamespaces),
        List.copyOf(accounts),
        List.copyOf(downCopies),
        Map.copyOf(unobserved),
        Map.copyOf(unanswered));
  }

  /**
   * The instances listed before the service clusters were looked at, each marked as being deleted
   * unless a second listing, after them, still finds it live: an instance its tenant deleted in
   * between takes its service object with it, which is no loss.
   */
  private static List<Observation.Instance> stillLive(
      KubernetesClient m, List<CustomResourceDefinition> crds, List<Observation.Instance> first) {
    Set<String> live = new java.util.HashSet<>();
    for (CustomResourceDefinition crd : crds) {
      for (GenericKubernetesResource r : list(m, context(crd))) {
        if (!deleting(r)) {
          live.add(r.getMetadata().getUid());
        }
      }
    }
    return first.stream().map(i -> live.contains(i.uid()) ? i : i.asDeleting()).toList();
  }

  /**
   * Whether a failed request may succeed when repeated: no connection, throttled (an API server
   * that is starting answers 429 "storage is (re)initializing"), or a server error.
   */
  static boolean isTransient(Throwable t) {
    return t instanceof KubernetesClientException e
        && (e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500);
  }

  /**
   * Service objects of every kind the CatalogEntries name, and of every CRD of the cluster (to find
   * leftovers of entries that are gone), and the registry's namespaces.
   */
  private static void observeServiceCluster(
      KubeCluster cluster,
      Set<ServiceKind> fromEntries,
      List<Observation.ServiceObject> objects,
      List<Observation.ServiceNamespace> namespaces) {
    KubernetesClient c = cluster.adminClient();
    // the cluster's own CRDs first: they name a version it serves (an entry names the version the
    // tenant CRD stores, which a cluster may no longer serve)
    Set<ServiceKind> kinds = new LinkedHashSet<>();
    for (CustomResourceDefinition crd :
        c.apiextensions().v1().customResourceDefinitions().list().getItems()) {
      if ("Namespaced".equals(crd.getSpec().getScope())) {
        kinds.add(ServiceKind.of(crd));
      }
    }
    kinds.addAll(fromEntries);
    Set<String> seen = new LinkedHashSet<>();
    for (ServiceKind k : kinds) {
      if (!seen.add(k.plural() + "." + k.group())) {
        continue; // the same kind from an entry and from the CRD scan
      }
      for (GenericKubernetesResource r :
          orEmpty(
              () ->
                  c.genericKubernetesResources(k.context())
                      .inAnyNamespace()
                      .withLabelSelector(AGENT_SELECTOR)
                      .list()
                      .getItems())) {
        objects.add(
            new Observation.ServiceObject(
                ref(cluster.name(), k.kind() + "." + k.group(), r),
                OwnerLabels.of(r.getMetadata().getLabels()),
                deleting(r)));
      }
    }
    c.namespaces()
        .withLabel(HubLabels.MANAGED_BY, HubLabels.MANAGED_BY_CLUSTER_REGISTRY)
        .list()
        .getItems()
        .forEach(
            n ->
                namespaces.add(
                    new Observation.ServiceNamespace(
                        ref(cluster.name(), "Namespace", n),
                        n.getMetadata().getDeletionTimestamp() != null,
                        label(n, HubLabels.TENANT_NAMESPACE),
                        label(n, HubLabels.OWNER_NAMESPACE),
                        label(n, HubLabels.ASSIGNMENT) != null
                            ? label(n, HubLabels.ASSIGNMENT)
                            : label(n, HubLabels.OWNER_NAME),
                        label(n, HubLabels.SERVICE_CLUSTER))));
  }

  /** The Secrets and ConfigMaps the agent copied down into the cluster's service namespaces. */
  private static void observeDownCopies(KubeCluster cluster, List<Observation.RelatedCopy> out) {
    KubernetesClient c = cluster.adminClient();
    List<HasMetadata> found = new ArrayList<>();
    found.addAll(
        c.secrets().inAnyNamespace().withLabel(HubLabels.RELATED, "down").list().getItems());
    found.addAll(
        c.configMaps().inAnyNamespace().withLabel(HubLabels.RELATED, "down").list().getItems());
    for (HasMetadata o : found) {
      out.add(
          new Observation.RelatedCopy(
              ref(cluster.name(), o.getKind(), o), label(o, HubLabels.OWNER_NAMESPACE)));
    }
  }

  /** A service CRD as the agent addresses it. */
  private record ServiceKind(String group, String version, String kind, String plural) {

    static ServiceKind of(CustomResourceDefinition crd) {
      return new ServiceKind(
          crd.getSpec().getGroup(),
          storageVersion(crd),
          crd.getSpec().getNames().getKind(),
          crd.getSpec().getNames().getPlural());
    }

    /** From a CatalogEntry's {@code status.serviceCRD}; null when not (yet) there. */
    static ServiceKind fromStatus(Map<String, Object> crd) {
      String group = string(crd, "group");
      String kind = string(crd, "kind");
      String plural = string(crd, "plural");
      String version = string(crd, "storageVersion");
      if (version == null && crd.get("versions") instanceof List<?> l && !l.isEmpty()) {
        version = String.valueOf(l.get(0));
      }
      if (group == null || kind == null || plural == null || version == null) {
        return null;
      }
      return new ServiceKind(group, version, kind, plural);
    }

    ResourceDefinitionContext context() {
      return new ResourceDefinitionContext.Builder()
          .withGroup(group)
          .withVersion(version)
          .withKind(kind)
          .withPlural(plural)
          .withNamespaced(true)
          .build();
    }
  }

  private static Observation.Instance instance(
      String cluster, CustomResourceDefinition crd, GenericKubernetesResource r) {
    return new Observation.Instance(
        ref(cluster, crd.getSpec().getNames().getKind() + "." + crd.getSpec().getGroup(), r),
        crd.getSpec().getGroup(),
        crd.getSpec().getNames().getKind(),
        crd.getSpec().getNames().getPlural(),
        deleting(r),
        finalizers(r));
  }

  private static Observation.Publication publication(ObjectRef ref, HasMetadata o) {
    return new Observation.Publication(
        ref,
        HubLabels.WITHDRAWN_TRUE.equals(label(o, HubLabels.WITHDRAWN)),
        label(o, HubLabels.PROVIDER));
  }

  private static ResourceDefinitionContext context(CustomResourceDefinition crd) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(crd.getSpec().getGroup())
        .withVersion(storageVersion(crd))
        .withKind(crd.getSpec().getNames().getKind())
        .withPlural(crd.getSpec().getNames().getPlural())
        .withNamespaced("Namespaced".equals(crd.getSpec().getScope()))
        .build();
  }

  private static String storageVersion(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().stream()
        .filter(v -> Boolean.TRUE.equals(v.getStorage()))
        .map(CustomResourceDefinitionVersion::getName)
        .findFirst()
        .orElse(crd.getSpec().getVersions().get(0).getName());
  }

  private static List<GenericKubernetesResource> list(
      KubernetesClient client, ResourceDefinitionContext kind) {
    return orEmpty(
        () ->
            kind.isNamespaceScoped()
                ? client.genericKubernetesResources(kind).inAnyNamespace().list().getItems()
                : client.genericKubernetesResources(kind).list().getItems());
  }

  /** The list, or empty when its kind is not installed (404). */
  private static <T> List<T> orEmpty(Supplier<List<T>> list) {
    try {
      return list.get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return List.of();
      }
      throw e;
    }
  }

  static ObjectRef ref(String cluster, HubKinds.Kind kind, HasMetadata o) {
    return ref(cluster, kind.kind() + "." + kind.group(), o);
  }

  static ObjectRef ref(String cluster, String kind, HasMetadata o) {
    ObjectMeta m = o.getMetadata();
    return new ObjectRef(cluster, kind, m.getNamespace(), m.getName(), m.getUid());
  }

  private static boolean deleting(HasMetadata o) {
    return o.getMetadata().getDeletionTimestamp() != null;
  }

  private static List<String> finalizers(HasMetadata o) {
    return o.getMetadata().getFinalizers() == null
        ? List.of()
        : List.copyOf(o.getMetadata().getFinalizers());
  }

  private static String label(HasMetadata o, String key) {
    Map<String, String> l = o.getMetadata().getLabels();
    return l == null ? null : l.get(key);
  }

  /** The map at {@code path} in {@code r}, or an empty map. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> path(GenericKubernetesResource r, String... path) {
    Object at = r.getAdditionalProperties();
    for (String p : path) {
      if (!(at instanceof Map<?, ?> m)) {
        return Map.of();
      }
      at = m.get(p);
    }
    return at instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  static String string(Map<String, Object> m, String key) {
    return m.get(key) instanceof String s && !s.isEmpty() ? s : null;
  }
}
