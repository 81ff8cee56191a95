package io.kubecarrier.propagation;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentry.CatalogEntrySpec;
import io.kubecarrier.api.catalogentry.CatalogEntryStatus;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.HubAccess;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.servicecluster.ServiceClusterSpec;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentSpec;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentStatus;
import io.kubecarrier.testkit.HubSecretAccess;
import io.kubecarrier.testkit.K8sBinaries;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.Manifests;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the other operators would have made, made directly by a test: a provider namespace with
 * ServiceClusters (kubeconfig Secrets of KubeCarrier's service-cluster identity from {@code
 * k8s/service-cluster/}), a Ready CatalogEntry with its tenant CRD (and the aggregated ClusterRole
 * that gives the agent its instances), a tenant namespace with its ServiceClusterAssignments and
 * service-side namespaces. Every hub has its own names, so tests share the clusters.
 */
final class TestHub {

  static final String HUB_DOMAIN = "hub.test";
  static final String ENTRY = "redis";
  static final String SA_NAMESPACE = "kubecarrier-system";
  static final String SA_NAME = "kubecarrier";
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final Map<String, String> KUBECONFIGS = new ConcurrentHashMap<>();

  final KubeClusters clusters = KubeClusters.shared();
  final KubernetesClient mgmt = clusters.management().adminClient();
  final String provider;
  final String tenantNs;
  final String group;
  final List<String> regions;
  final ResourceDefinitionContext tenantType;

  private TestHub(String prefix, List<String> regions) {
    this(prefix + "-p-" + UUID.randomUUID().toString().substring(0, 6), null, regions);
  }

  private TestHub(String provider, String tenantNs, List<String> regions) {
    this.provider = provider;
    this.tenantNs = tenantNs != null ? tenantNs : provider.replace("-p-", "-t-");
    this.group = provider + "." + HUB_DOMAIN;
    this.regions = regions;
    this.tenantType =
        new ResourceDefinitionContext.Builder()
            .withGroup(group)
            .withVersion(SampleRedisOperator.VERSION)
            .withKind(SampleRedisOperator.KIND)
            .withPlural(SampleRedisOperator.PLURAL)
            .withNamespaced(true)
            .build();
  }

  /**
   * A hub with Ready ServiceClusters for {@code regions} and a tenant namespace assigned to all.
   */
  static TestHub create(String prefix, List<String> regions, Map<String, String> clusterLabels) {
    TestHub hub = new TestHub(prefix, regions);
    hub.namespace(hub.mgmt, hub.provider, Map.of());
    hub.namespace(hub.mgmt, hub.tenantNs, Map.of());
    // the Secret rights the account operator gives the agent in account namespaces
    HubSecretAccess.grant(hub.mgmt, hub.provider, HubAccess.PROVIDER_GRANTS);
    HubSecretAccess.grant(hub.mgmt, hub.tenantNs, HubAccess.TENANT_GRANTS);
    for (String region : regions) {
      hub.serviceCluster(region, clusterLabels);
      hub.assign(region);
    }
    hub.tenantCrd();
    return hub;
  }

  /** The same provider and entry, seen from another tenant namespace (assign it yourself). */
  TestHub forTenantNamespace(String namespace) {
    return new TestHub(provider, namespace, regions);
  }

  /** Makes the CatalogEntry Ready: from now on the agent propagates its kind. */
  TestHub offer(List<String> exposedPaths) {
    return offer(exposedPaths, SampleRedisOperator.GROUP);
  }

  /** {@link #offer(List)} with more of the entry's spec (related resources, metadata). */
  TestHub offer(List<String> exposedPaths, java.util.function.Consumer<CatalogEntrySpec> more) {
    return offer(exposedPaths, SampleRedisOperator.GROUP, more);
  }

  /** {@link #offer(List)} of a service CRD of another group (same kind, plural and version). */
  TestHub offer(List<String> exposedPaths, String serviceGroup) {
    return offer(exposedPaths, serviceGroup, s -> {});
  }

  private TestHub offer(
      List<String> exposedPaths,
      String serviceGroup,
      java.util.function.Consumer<CatalogEntrySpec> more) {
    CatalogEntry entry = new CatalogEntry();
    entry.setMetadata(new ObjectMeta());
    entry.getMetadata().setName(ENTRY);
    entry.getMetadata().setNamespace(provider);
    CatalogEntrySpec spec = new CatalogEntrySpec();
    spec.setCatalogEntrySet(ObjectReference.of(ENTRY));
    more.accept(spec);
    entry.setSpec(spec);
    CatalogEntry created = mgmt.resource(entry).create();
    CatalogEntryStatus status = new CatalogEntryStatus();
    status.setTenantCrd(crdInfo(group, SampleRedisOperator.KIND, SampleRedisOperator.PLURAL));
    status.setServiceCrd(
        crdInfo(serviceGroup, SampleRedisOperator.KIND, SampleRedisOperator.PLURAL));
    status.setExposedPaths(exposedPaths);
    status.setRegions(regions);
    status.setObservedGeneration(created.getMetadata().getGeneration());
    status.setCondition(
        Condition.ofTrue(ConditionTypes.READY, Reasons.READY, "ready"), Clock.systemUTC());
    created.setStatus(status);
    mgmt.resource(created).updateStatus();
    return this;
  }

  /** Changes the CatalogEntry's status as the catalog operator would: regions and readiness. */
  void entryStatus(List<String> regions, boolean ready) {
    CatalogEntry entry =
        mgmt.resources(CatalogEntry.class).inNamespace(provider).withName(ENTRY).get();
    CatalogEntryStatus status = entry.getStatus();
    status.setRegions(regions);
    status.setCondition(
        ready
            ? Condition.ofTrue(ConditionTypes.READY, Reasons.READY, "ready")
            : Condition.ofFalse(
                ConditionTypes.READY, Reasons.DEPENDENTS_EXIST, "deletion waits for instances"),
        Clock.systemUTC());
    mgmt.resource(entry).updateStatus();
  }

  /**
   * The Offering the catalog operator publishes in the tenant namespace (named after the tenant
   * CRD), published or withdrawn.
   */
  void offering(boolean withdrawn) {
    io.kubecarrier.api.offering.Offering o = new io.kubecarrier.api.offering.Offering();
    o.setMetadata(new ObjectMeta());
    o.getMetadata().setName(SampleRedisOperator.PLURAL + "." + group);
    o.getMetadata().setNamespace(tenantNs);
    Map<String, String> labels = new HashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_CATALOG_OPERATOR);
    labels.put(Labels.PROVIDER, provider);
    if (withdrawn) {
      labels.put(Labels.WITHDRAWN, Labels.WITHDRAWN_TRUE);
    }
    o.getMetadata().setLabels(labels);
    io.kubecarrier.api.offering.OfferingSpec spec = new io.kubecarrier.api.offering.OfferingSpec();
    spec.setProvider(ObjectReference.of(provider));
    spec.setCrd(crdInfo(group, SampleRedisOperator.KIND, SampleRedisOperator.PLURAL));
    spec.setRegions(regions.stream().map(ObjectReference::of).toList());
    o.setSpec(spec);
    mgmt.resource(o).fieldManager("catalog-operator").forceConflicts().serverSideApply();
  }

  ServiceClusterAssignment assignment(String region) {
    return mgmt.resources(ServiceClusterAssignment.class)
        .inNamespace(provider)
        .withName(Names.assignmentName(tenantNs, region))
        .get();
  }

  /** Deletes the kubeconfig Secret of a region's ServiceCluster; returns its kubeconfig. */
  String deleteKubeconfigSecret(String region) {
    mgmt.secrets().inNamespace(provider).withName(region + "-kubeconfig").delete();
    return kubeconfig(clusters.get(region));
  }

  void restoreKubeconfigSecret(String region) {
    mgmt.secrets()
        .inNamespace(provider)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(region + "-kubeconfig")
                .withNamespace(provider)
                .endMetadata()
                .addToStringData("kubeconfig", kubeconfig(clusters.get(region)))
                .build())
        .create();
  }

  /** The provider lets go of a region's ServiceCluster. */
  void letGo(String region) {
    mgmt.resources(ServiceCluster.class)
        .inNamespace(provider)
        .withName(region)
        .edit(
            sc -> {
              sc.getMetadata()
                  .getAnnotations()
                  .put(
                      io.kubecarrier.api.common.Annotations.LET_GO,
                      io.kubecarrier.api.common.Annotations.LET_GO_TRUE);
              return sc;
            });
  }

  private static CrdInformation crdInfo(String group, String kind, String plural) {
    CrdInformation i =
        new CrdInformation(
            group, kind, plural, List.of(SampleRedisOperator.VERSION), SampleRedisOperator.VERSION);
    i.setName(plural + "." + group);
    return i;
  }

  // ---- instances

  GenericKubernetesResource createInstance(String name, String region, Map<String, Object> spec) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(group + "/" + SampleRedisOperator.VERSION);
    r.setKind(SampleRedisOperator.KIND);
    r.setMetadata(new ObjectMeta());
    r.getMetadata().setName(name);
    r.getMetadata().setNamespace(tenantNs);
    if (region != null) {
      r.getMetadata().setLabels(Map.of(Labels.REGION, region));
    }
    r.setAdditionalProperty("spec", new LinkedHashMap<>(spec));
    return mgmt.genericKubernetesResources(tenantType).inNamespace(tenantNs).resource(r).create();
  }

  GenericKubernetesResource tenant(String name) {
    return mgmt.genericKubernetesResources(tenantType).inNamespace(tenantNs).withName(name).get();
  }

  void editTenantSpec(String name, String field, Object value) {
    mgmt.genericKubernetesResources(tenantType)
        .inNamespace(tenantNs)
        .withName(name)
        .edit(
            r -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> spec =
                  (Map<String, Object>) r.getAdditionalProperties().get("spec");
              spec.put(field, value);
              return r;
            });
  }

  void deleteTenant(String name) {
    mgmt.genericKubernetesResources(tenantType).inNamespace(tenantNs).withName(name).delete();
  }

  String serviceNs() {
    return Names.serviceNamespaceName(provider, tenantNs);
  }

  KubernetesClient service(String region) {
    return clusters.get(region).adminClient();
  }

  GenericKubernetesResource serviceObject(String region, String name) {
    return service(region)
        .genericKubernetesResources(SampleRedisOperator.CONTEXT)
        .inNamespace(serviceNs())
        .withName(name)
        .get();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(GenericKubernetesResource r, String field) {
    if (r == null) {
      return Map.of();
    }
    Object v = r.getAdditionalProperties().get(field);
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** status.kubecarrier of the tenant instance. */
  @SuppressWarnings("unchecked")
  Map<String, Object> block(String name) {
    Object b = map(tenant(name), "status").get("kubecarrier");
    return b instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The condition of {@code type} in status.kubecarrier, as a map (empty if absent). */
  @SuppressWarnings("unchecked")
  Map<String, Object> condition(String name, String type) {
    Object list = block(name).get("conditions");
    if (list instanceof List<?> l) {
      for (Object c : l) {
        if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
          return (Map<String, Object>) m;
        }
      }
    }
    return Map.of();
  }

  boolean conditionIs(String name, String type, String status, String reason) {
    Map<String, Object> c = condition(name, type);
    return status.equals(c.get("status")) && (reason == null || reason.equals(c.get("reason")));
  }

  // ---- setup

  private void namespace(KubernetesClient client, String name, Map<String, String> labels) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .fieldManager(Manifests.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  /** KubeCarrier's identity in a service cluster (k8s/service-cluster/) and its kubeconfig. */
  static String kubeconfig(KubeCluster cluster) {
    return KUBECONFIGS.computeIfAbsent(
        cluster.name(),
        n -> {
          KubernetesClient admin = cluster.adminClient();
          SampleRedisOperator.shared(n, admin);
          for (HasMetadata o :
              Manifests.load(admin, K8sBinaries.repoRoot().resolve("k8s/service-cluster"))) {
            admin
                .resource(o)
                .fieldManager(Manifests.FIELD_MANAGER)
                .forceConflicts()
                .serverSideApply();
          }
          SampleRedisOperator.grantClusterWideRead(cluster, SA_NAMESPACE, SA_NAME, TIMEOUT);
          String token = cluster.serviceAccountToken(SA_NAMESPACE, SA_NAME, Duration.ofHours(12));
          return cluster.kubeconfig(SA_NAMESPACE + "-" + SA_NAME, token);
        });
  }

  void serviceCluster(String region, Map<String, String> labels) {
    KubeCluster cluster = clusters.get(region);
    String secretName = region + "-kubeconfig";
    mgmt.secrets()
        .inNamespace(provider)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(secretName)
                .withNamespace(provider)
                .endMetadata()
                .addToStringData("kubeconfig", kubeconfig(cluster))
                .build())
        .create();
    ServiceCluster sc = new ServiceCluster();
    sc.setMetadata(new ObjectMeta());
    sc.getMetadata().setName(region);
    sc.getMetadata().setNamespace(provider);
    sc.getMetadata().setLabels(new HashMap<>(labels));
    ServiceClusterSpec spec = new ServiceClusterSpec();
    spec.setKubeconfigSecret(ObjectReference.of(secretName));
    sc.setSpec(spec);
    ServiceCluster created = mgmt.resource(sc).create();
    ServiceClusterStatus status = new ServiceClusterStatus();
    status.setObservedGeneration(created.getMetadata().getGeneration());
    status.setCondition(
        Condition.ofTrue(ConditionTypes.READY, Reasons.READY, "ready"), Clock.systemUTC());
    status.setCondition(
        Condition.ofTrue(ConditionTypes.SERVICE_CLUSTER_REACHABLE, Reasons.HEARTBEAT_OK, "ok"),
        Clock.systemUTC());
    created.setStatus(status);
    mgmt.resource(created).updateStatus();
  }

  /** What the cluster registry does for a ServiceClusterAssignment, done directly. */
  void assign(String region) {
    KubernetesClient svc = service(region);
    namespace(
        svc,
        serviceNs(),
        Map.of(
            Labels.MANAGED_BY,
            Labels.MANAGED_BY_CLUSTER_REGISTRY,
            Labels.TENANT_NAMESPACE,
            tenantNs));
    svc.rbac()
        .roleBindings()
        .inNamespace(serviceNs())
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("kubecarrier")
                .withNamespace(serviceNs())
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName("kubecarrier-service-namespace")
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(SA_NAME)
                .withNamespace(SA_NAMESPACE)
                .endSubject()
                .build())
        .fieldManager(Manifests.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
    ServiceClusterAssignment sca = new ServiceClusterAssignment();
    sca.setMetadata(new ObjectMeta());
    sca.getMetadata().setName(Names.assignmentName(tenantNs, region));
    sca.getMetadata().setNamespace(provider);
    ServiceClusterAssignmentSpec spec = new ServiceClusterAssignmentSpec();
    spec.setServiceCluster(ObjectReference.of(region));
    spec.setManagementNamespace(ObjectReference.of(tenantNs));
    sca.setSpec(spec);
    ServiceClusterAssignment created = mgmt.resource(sca).create();
    ServiceClusterAssignmentStatus status = new ServiceClusterAssignmentStatus();
    status.setServiceClusterNamespace(ObjectReference.of(serviceNs()));
    status.setObservedGeneration(created.getMetadata().getGeneration());
    status.setCondition(
        Condition.ofTrue(ConditionTypes.READY, Reasons.READY, "ready"), Clock.systemUTC());
    created.setStatus(status);
    mgmt.resource(created).updateStatus();
  }

  /**
   * The tenant CRD (what the catalog operator derives from the service CRD) and the ClusterRole
   * that aggregates its instances into the agent's ClusterRole.
   */
  private void tenantCrd() {
    String crdName = SampleRedisOperator.PLURAL + "." + group;
    CustomResourceDefinition crd = openCrd(group);
    mgmt.resource(crd).fieldManager(Manifests.FIELD_MANAGER).forceConflicts().serverSideApply();
    Manifests.awaitEstablished(mgmt, crdName);
    mgmt.rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("kc-instances-" + group)
                .withLabels(Map.of(Labels.AGGREGATE_TO_PROPAGATION_AGENT, "true"))
                .endMetadata()
                .addNewRule()
                .withApiGroups(group)
                .withResources(SampleRedisOperator.PLURAL, SampleRedisOperator.PLURAL + "/status")
                .withVerbs("get", "list", "watch", "create", "update", "patch")
                .endRule()
                .build())
        .fieldManager(Manifests.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
    aggregate();
  }

  /**
   * A CRD like the sample Redis operator's (kind, plural, version) in {@code group}, with any spec
   * and status (preserve-unknown-fields) and the status subresource.
   */
  static CustomResourceDefinition openCrd(String group) {
    String crdName = SampleRedisOperator.PLURAL + "." + group;
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(crdName)
        .endMetadata()
        .withNewSpec()
        .withGroup(group)
        .withScope("Namespaced")
        .withNewNames()
        .withKind(SampleRedisOperator.KIND)
        .withPlural(SampleRedisOperator.PLURAL)
        .withSingular("redis")
        .endNames()
        .addNewVersion()
        .withName(SampleRedisOperator.VERSION)
        .withServed(true)
        .withStorage(true)
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .addToProperties(
            "spec",
            new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .build())
        .addToProperties(
            "status",
            new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .build())
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }

  /**
   * Waits until kube-controller-manager's clusterrole-aggregation controller has put the rules of
   * the labelled ClusterRole into the agent's {@code propagation-agent-instances}.
   */
  private void aggregate() {
    await("aggregated rights on " + group)
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(this::aggregated);
  }

  private boolean aggregated() {
    var role = mgmt.rbac().clusterRoles().withName("propagation-agent-instances").get();
    return role != null
        && role.getRules() != null
        && role.getRules().stream().anyMatch(r -> r.getApiGroups().contains(group));
  }
}
