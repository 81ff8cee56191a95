package io.kubecarrier.testkit.invariants;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.Manifests;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A hub written by hand, as the four operators would leave it: a provider {@code p-<id>} offering a
 * kind {@code Cache} (tenant CRD group {@code p-<id>.hub.kubecarrier.io}) to a tenant {@code
 * t-<id>}, and one instance {@code cache} placed in a service cluster with its service object,
 * service-side namespace, assignment, Region, Offering, tenant Role and RoleBinding, connection
 * Secret copy, Tenant and Accounts. Unique names per fixture; {@link #delete} removes it all.
 */
final class HubFixture {

  static final String KIND = "Cache";
  static final String PLURAL = "caches";
  static final String INSTANCE = "cache";

  final KubeClusters clusters;
  final String id = UUID.randomUUID().toString().substring(0, 6);
  final String provider = "p-" + id;
  final String tenant = "t-" + id;
  final String group = provider + ".hub.kubecarrier.io";
  final String serviceGroup = "svc-" + id + ".example.com";
  final String serviceNamespace = "kc-" + provider + "-" + tenant;
  final String tenantCrd = PLURAL + "." + group;

  HubFixture(KubeClusters clusters) {
    this.clusters = clusters;
  }

  KubernetesClient m() {
    return clusters.management().adminClient();
  }

  KubernetesClient in(String cluster) {
    return clusters.get(cluster).adminClient();
  }

  /** The clean hub, with the instance placed in {@code region}. */
  HubFixture create(String region) {
    namespace(m(), provider, Map.of(HubLabels.ACCOUNT, provider));
    namespace(m(), tenant, Map.of(HubLabels.ACCOUNT, tenant));
    account(provider, "Provider");
    account(tenant, "Tenant");
    create(
        m(),
        """
        apiVersion: catalog.kubecarrier.io/v1alpha1
        kind: Tenant
        metadata: {name: %s, namespace: %s, labels: {kubecarrier.io/account: %s}}
        """
            .formatted(tenant, provider, tenant));
    crd(m(), group, Map.of(HubLabels.CATALOG_ENTRY, PLURAL, HubLabels.PROVIDER, provider));
    GenericKubernetesResource entry =
        create(
            m(),
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: CatalogEntry
            metadata: {name: %s, namespace: %s}
            spec: {catalogEntrySet: {name: %s}}
            """
                .formatted(PLURAL, provider, PLURAL));
    entry.setAdditionalProperty(
        "status",
        Map.of(
            "tenantCRD", crdInfo(group),
            "serviceCRD", crdInfo(serviceGroup)));
    m().resource(entry).updateStatus();
    String published =
        "{kubecarrier.io/managed-by: catalog-operator, kubecarrier.io/provider: %s,"
                .formatted(provider)
            + " kubecarrier.io/catalog-entry: "
            + PLURAL
            + "}";
    create(
        m(),
        """
        apiVersion: catalog.kubecarrier.io/v1alpha1
        kind: Offering
        metadata: {name: %s, namespace: %s, labels: %s}
        spec: {provider: {name: %s}, crd: {name: %s, group: %s, kind: %s, plural: %s}}
        """
            .formatted(tenantCrd, tenant, published, provider, tenantCrd, group, KIND, PLURAL));
    create(
        m(),
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: "kubecarrier:tenant:%s", namespace: %s, labels: %s}
        rules: [{apiGroups: [%s], resources: [%s], verbs: [get, list, order]}]
        """
            .formatted(tenantCrd, tenant, published, group, PLURAL));
    create(
        m(),
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: "kubecarrier:tenant:%s", namespace: %s, labels: %s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: "kubecarrier:tenant:%s"}
        subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: alice}]
        """
            .formatted(tenantCrd, tenant, published, tenantCrd));
    GenericKubernetesResource instance =
        create(
            m(),
            """
            apiVersion: %s/v1
            kind: %s
            metadata: {name: %s, namespace: %s, labels: {kubecarrier.io/region: %s}}
            spec: {size: 1}
            """
                .formatted(group, KIND, INSTANCE, tenant, region));
    place(region, instance);
    return this;
  }

  /** Publishes {@code region} to the tenant and gives it a service-side namespace there. */
  void assign(String region) {
    create(
        m(),
        """
        apiVersion: catalog.kubecarrier.io/v1alpha1
        kind: Region
        metadata: {name: %s.%s, namespace: %s}
        spec: {provider: {name: %s}, serviceCluster: {name: %s}}
        """
            .formatted(region, provider, tenant, provider, region));
    GenericKubernetesResource a =
        create(
            m(),
            """
            apiVersion: kubecarrier.io/v1alpha1
            kind: ServiceClusterAssignment
            metadata: {name: %s.%s, namespace: %s}
            spec: {serviceCluster: {name: %s}, managementNamespace: {name: %s}}
            """
                .formatted(tenant, region, provider, region, tenant));
    a.setAdditionalProperty(
        "status", Map.of("serviceClusterNamespace", Map.of("name", serviceNamespace)));
    m().resource(a).updateStatus();
    KubernetesClient sc = in(region);
    if (sc.apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(PLURAL + "." + serviceGroup)
            .get()
        == null) {
      crd(sc, serviceGroup, Map.of());
    }
    namespace(
        sc,
        serviceNamespace,
        Map.of(
            HubLabels.MANAGED_BY,
            HubLabels.MANAGED_BY_CLUSTER_REGISTRY,
            HubLabels.TENANT_NAMESPACE,
            tenant,
            HubLabels.SERVICE_CLUSTER,
            region,
            HubLabels.OWNER_KIND,
            "ServiceClusterAssignment",
            HubLabels.OWNER_NAMESPACE,
            provider,
            HubLabels.OWNER_NAME,
            tenant + "." + region,
            HubLabels.ASSIGNMENT,
            tenant + "." + region));
  }

  /** What the agent writes for a placed instance: service object and connection Secret copy. */
  private void place(String region, GenericKubernetesResource instance) {
    assign(region);
    serviceObject(region, instance);
    create(
        m(),
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: %s-cache-connection.%s, namespace: %s, labels: %s}
        stringData: {url: "redis://cache:6379"}
        """
            .formatted(INSTANCE, group, tenant, ownerLabels(instance)));
  }

  /** A service object of {@code instance} in the service-side namespace of {@code region}. */
  GenericKubernetesResource serviceObject(String region, GenericKubernetesResource instance) {
    return create(
        in(region),
        """
        apiVersion: %s/v1
        kind: %s
        metadata: {name: %s, namespace: %s, labels: %s}
        spec: {size: 1}
        """
            .formatted(
                serviceGroup,
                KIND,
                instance.getMetadata().getName(),
                serviceNamespace,
                ownerLabels(instance)));
  }

  private String ownerLabels(GenericKubernetesResource instance) {
    return "{kubecarrier.io/managed-by: propagation-agent, kubecarrier.io/owner-group: %s, kubecarrier.io/owner-kind: %s, kubecarrier.io/owner-namespace: %s, kubecarrier.io/owner-name: %s, kubecarrier.io/owner-uid: %s, kubecarrier.io/catalog-entry: %s}"
        .formatted(
            group,
            KIND,
            tenant,
            instance.getMetadata().getName(),
            instance.getMetadata().getUid(),
            PLURAL);
  }

  GenericKubernetesResource instance() {
    return m().genericKubernetesResources(group + "/v1", KIND)
        .inNamespace(tenant)
        .withName(INSTANCE)
        .get();
  }

  GenericKubernetesResource serviceObjectIn(String region) {
    return in(region)
        .genericKubernetesResources(serviceGroup + "/v1", KIND)
        .inNamespace(serviceNamespace)
        .withName(INSTANCE)
        .get();
  }

  GenericKubernetesResource assignment(String region) {
    return m().genericKubernetesResources("kubecarrier.io/v1alpha1", "ServiceClusterAssignment")
        .inNamespace(provider)
        .withName(tenant + "." + region)
        .get();
  }

  /** Deletes {@code o} and waits until it is gone. */
  static void deleteNow(KubernetesClient c, HasMetadata o) {
    c.resource(o).delete();
    await("deleted " + o.getMetadata().getName())
        .atMost(Duration.ofSeconds(60))
        .until(() -> c.resource(o).get() == null);
  }

  /** Applies a JSON merge patch to {@code o}, whatever its resourceVersion. */
  static void patch(KubernetesClient c, HasMetadata o, String mergePatch) {
    c.resource(o).patch(PatchContext.of(PatchType.JSON_MERGE), mergePatch);
  }

  /** Sets the finalizers of {@code o}. */
  static void finalizers(KubernetesClient c, HasMetadata o, String... finalizers) {
    patch(
        c, o, "{\"metadata\":{\"finalizers\":" + Serialization.asJson(List.of(finalizers)) + "}}");
  }

  /** Removes every finalizer of {@code o} (ignoring it when gone). */
  static void dropFinalizers(KubernetesClient c, HasMetadata o) {
    if (c.resource(o).get() != null) {
      patch(c, o, "{\"metadata\":{\"finalizers\":null}}");
    }
  }

  /** Removes everything the fixture made, in every cluster (without waiting). */
  void delete() {
    for (KubeCluster c : clusters.serviceClusters()) {
      if (!c.isApiServerRunning()) {
        continue;
      }
      KubernetesClient sc = c.adminClient();
      sc.namespaces().withName(serviceNamespace).delete();
      sc.apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(PLURAL + "." + serviceGroup)
          .delete();
    }
    m().apiextensions().v1().customResourceDefinitions().withName(tenantCrd).delete();
    m().namespaces().withName(tenant).delete();
    m().namespaces().withName(provider).delete();
    for (String a : List.of(provider, tenant)) {
      m().genericKubernetesResources("catalog.kubecarrier.io/v1alpha1", "Account")
          .withName(a)
          .delete();
    }
  }

  private void account(String name, String role) {
    create(
        m(),
        """
        apiVersion: catalog.kubecarrier.io/v1alpha1
        kind: Account
        metadata: {name: %s}
        spec:
          roles: [%s]
          subjects: [{kind: User, name: alice, apiGroup: rbac.authorization.k8s.io}]
        """
            .formatted(name, role));
  }

  private static Map<String, Object> crdInfo(String group) {
    return Map.of(
        "name",
        PLURAL + "." + group,
        "group",
        group,
        "kind",
        KIND,
        "plural",
        PLURAL,
        "versions",
        List.of("v1"),
        "storageVersion",
        "v1");
  }

  private static void namespace(KubernetesClient c, String name, Map<String, String> labels) {
    c.namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  private static void crd(KubernetesClient c, String group, Map<String, String> labels) {
    String yaml =
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: %s.%s}
        spec:
          group: %s
          names: {kind: %s, plural: %s, singular: cache, listKind: CacheList}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """
            .formatted(PLURAL, group, group, KIND, PLURAL);
    var crd =
        Serialization.unmarshal(
            yaml, io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class);
    crd.getMetadata().setLabels(labels);
    c.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    Manifests.awaitEstablished(c, crd.getMetadata().getName());
  }

  /** Creates the object of {@code yaml} and returns it as the API server stored it. */
  static GenericKubernetesResource create(KubernetesClient c, String yaml) {
    GenericKubernetesResource o = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    return c.resource(o).create();
  }
}
