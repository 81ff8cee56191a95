package io.kubecarrier.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.account.AccountSpec;
import io.kubecarrier.api.account.AccountStatus;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.catalog.CatalogSpec;
import io.kubecarrier.api.catalogentryset.CatalogEntrySet;
import io.kubecarrier.api.catalogentryset.CatalogEntrySetDiscover;
import io.kubecarrier.api.catalogentryset.CatalogEntrySetSpec;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.DeriveConfig;
import io.kubecarrier.api.common.DisplayMetadata;
import io.kubecarrier.api.common.KubeCarrierStatus;
import io.kubecarrier.api.common.LabelSelector;
import io.kubecarrier.api.common.LabelSelectorOperator;
import io.kubecarrier.api.common.LabelSelectorRequirement;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.ServiceClusterMetadata;
import io.kubecarrier.api.common.Subject;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscoveryStatus;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrd;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrdVersion;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.servicecluster.ServiceClusterSpec;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentStatus;
import io.kubecarrier.api.tenant.Tenant;
import io.kubecarrier.api.tenant.TenantSpec;
import io.kubecarrier.api.tenant.TenantStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.awaitility.core.ConditionFactory;

/**
 * Test helpers that play the account operator and the cluster registry: they create the objects
 * those operators would create and write their status with the admin client.
 */
final class Hub {

  private final KubernetesClient admin;

  Hub(KubernetesClient admin) {
    this.admin = admin;
  }

  /** An account namespace, labelled as the account operator does. */
  void namespace(String name) {
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_ACCOUNT_OPERATOR)
                .addToLabels(Labels.ACCOUNT, name)
                .endMetadata()
                .build())
        .serverSideApply();
  }

  /** An Account with its namespace, status.namespace and Ready, as the account operator does. */
  void account(String name, AccountRole role, String user) {
    namespace(name);
    Account a = new Account();
    a.setMetadata(new ObjectMetaBuilder().withName(name).build());
    a.setSpec(
        new AccountSpec(
            new DisplayMetadata(name + " display", "short " + name, null),
            List.of(role),
            List.of(Subject.user(user))));
    a = admin.resource(a).create();
    AccountStatus s = new AccountStatus();
    s.setNamespace(ObjectReference.of(name));
    ready(s);
    a.setStatus(s);
    admin.resource(a).updateStatus();
  }

  /** A Ready Tenant in the provider namespace, as the account operator does. */
  void tenant(String provider, String tenant, Map<String, String> labels) {
    Tenant t = new Tenant();
    t.setMetadata(
        new ObjectMetaBuilder()
            .withName(tenant)
            .withNamespace(provider)
            .withLabels(labels)
            .build());
    t.setSpec(new TenantSpec());
    t = admin.resource(t).create();
    TenantStatus s = new TenantStatus();
    ready(s);
    t.setStatus(s);
    admin.resource(t).updateStatus();
  }

  /** A Ready ServiceCluster, as the cluster registry reports it. */
  void serviceCluster(String provider, String name, Map<String, String> labels) {
    ServiceCluster sc = new ServiceCluster();
    sc.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(provider).withLabels(labels).build());
    ServiceClusterSpec spec = new ServiceClusterSpec();
    spec.setMetadata(new ServiceClusterMetadata("Region " + name, "the " + name + " cluster"));
    spec.setKubeconfigSecret(ObjectReference.of(name + "-kubeconfig"));
    sc.setSpec(spec);
    sc = admin.resource(sc).create();
    ServiceClusterStatus s = new ServiceClusterStatus();
    ready(s);
    sc.setStatus(s);
    admin.resource(sc).updateStatus();
  }

  /** Fills a discovery's status as the cluster registry does after finding the CRD. */
  void discovered(String namespace, String name, DiscoveredCrd crd) {
    CustomResourceDiscovery d =
        admin.resources(CustomResourceDiscovery.class).inNamespace(namespace).withName(name).get();
    CustomResourceDiscoveryStatus s = new CustomResourceDiscoveryStatus();
    s.setCrd(crd);
    s.setCondition(
        Condition.ofTrue(ConditionTypes.DISCOVERED, "CRDDiscovered", "found"), Instant.now());
    ready(s);
    d.setStatus(s);
    admin.resource(d).updateStatus();
  }

  /** Marks an assignment Ready as the cluster registry does once the namespace exists. */
  void assignmentReady(String namespace, String name) {
    ServiceClusterAssignment a =
        admin.resources(ServiceClusterAssignment.class).inNamespace(namespace).withName(name).get();
    ServiceClusterAssignmentStatus s = new ServiceClusterAssignmentStatus();
    ready(s);
    a.setStatus(s);
    admin.resource(a).updateStatus();
  }

  /** How long a test waits for the operator, and how often it looks. */
  static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300));
  }

  /**
   * A CatalogEntrySet of {@code crd} in {@code provider}, selecting the ServiceClusters labelled
   * {@code selectorLabel=yes}; the test plays the cluster registry and reports the CRD (the Redis
   * schema, with {@code kind} and {@code plural}) discovered in each of {@code clusters}, then
   * awaits the set Ready.
   */
  void entrySet(
      String provider,
      String name,
      String crd,
      String kind,
      String plural,
      DeriveConfig derive,
      String selectorLabel,
      List<String> clusters) {
    CatalogEntrySet set = new CatalogEntrySet();
    set.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(provider).build());
    CatalogEntrySetSpec spec = new CatalogEntrySetSpec();
    spec.setMetadata(new DisplayMetadata(name + " by " + provider, "a " + name, null));
    CatalogEntrySetDiscover discover = new CatalogEntrySetDiscover();
    discover.setCrd(ObjectReference.of(crd));
    discover.setServiceClusterSelector(LabelSelector.matching(Map.of(selectorLabel, "yes")));
    spec.setDiscover(discover);
    spec.setDerive(derive);
    set.setSpec(spec);
    admin.resource(set).create();
    for (String cluster : clusters) {
      String d = name + "." + cluster;
      eventually().until(() -> get(admin, CustomResourceDiscovery.class, provider, d) != null);
      discovered(provider, d, serviceCrd("cache.example.com", kind, plural, REDIS_SCHEMA));
    }
    eventually()
        .untilAsserted(
            () -> {
              CatalogEntrySet s = get(admin, CatalogEntrySet.class, provider, name);
              assertThat(s.getStatus()).isNotNull();
              assertThat(s.getStatus().getCondition(ConditionTypes.READY))
                  .hasValueSatisfying(
                      c -> assertThat(c.getStatus()).as(c.toString()).isEqualTo("True"));
            });
  }

  /** A Catalog of the tenants labelled {@code tenants} and the entries of the sets {@code sets}. */
  void catalog(String provider, String name, Map<String, String> tenants, List<String> sets) {
    Catalog c = new Catalog();
    c.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(provider).build());
    CatalogSpec spec = new CatalogSpec();
    spec.setTenantSelector(LabelSelector.matching(tenants));
    spec.setCatalogEntrySelector(entrySelector(sets));
    c.setSpec(spec);
    admin.resource(c).create();
  }

  /** Selects the entries made from the sets {@code sets}. */
  static LabelSelector entrySelector(List<String> sets) {
    LabelSelectorRequirement r = new LabelSelectorRequirement();
    r.setKey(Labels.CATALOG_ENTRY_SET);
    r.setOperator(LabelSelectorOperator.In);
    r.setValues(sets);
    return new LabelSelector(null, List.of(r));
  }

  static void ready(KubeCarrierStatus s) {
    s.setCondition(Condition.ofTrue(ConditionTypes.READY, "Ready", "ready"), Instant.now());
  }

  /** A service CRD as discovered: kind, plural, one version v1 with spec and status fields. */
  static DiscoveredCrd serviceCrd(String group, String kind, String plural, String schemaJson) {
    DiscoveredCrd c = new DiscoveredCrd();
    c.setGroup(group);
    c.setKind(kind);
    c.setListKind(kind + "List");
    c.setPlural(plural);
    c.setSingular(kind.toLowerCase());
    c.setScope("Namespaced");
    c.setStorageVersion("v1");
    DiscoveredCrdVersion v = new DiscoveredCrdVersion();
    v.setName("v1");
    v.setServed(true);
    v.setStorage(true);
    v.setSchema(Serialization.unmarshal(schemaJson, JsonNode.class));
    v.setAdditionalPrinterColumns(
        Serialization.unmarshal(
            "[{\"name\":\"Version\",\"type\":\"string\",\"jsonPath\":\".spec.version\"},"
                + "{\"name\":\"Memory\",\"type\":\"string\",\"jsonPath\":\".spec.memory\"}]",
            JsonNode.class));
    c.setVersions(List.of(v));
    return c;
  }

  /** Redis: spec.version, spec.memory, spec.config.maxClients, status.phase, status.endpoint. */
  static final String REDIS_SCHEMA =
      "{\"type\":\"object\",\"properties\":{"
          + "\"apiVersion\":{\"type\":\"string\"},\"kind\":{\"type\":\"string\"},"
          + "\"metadata\":{\"type\":\"object\"},"
          + "\"spec\":{\"type\":\"object\",\"required\":[\"version\"],\"properties\":{"
          + "\"version\":{\"type\":\"string\"},\"memory\":{\"type\":\"string\"},"
          + "\"config\":{\"type\":\"object\",\"properties\":{\"maxClients\":{\"type\":\"integer\"}}}}},"
          + "\"status\":{\"type\":\"object\",\"properties\":{"
          + "\"phase\":{\"type\":\"string\"},\"endpoint\":{\"type\":\"string\"}}}}}";

  static <T extends CustomResource<?, ?>> T get(
      KubernetesClient c, Class<T> type, String ns, String name) {
    return c.resources(type).inNamespace(ns).withName(name).get();
  }

  static <T extends HasMetadata> Supplier<T> getter(
      KubernetesClient c, Class<T> type, String ns, String name) {
    return () -> c.resources(type).inNamespace(ns).withName(name).get();
  }
}
