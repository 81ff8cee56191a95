package io.kubecarrier.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.invariants.HubInvariants;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole hub end to end: the four packaged operators as separate processes, each under its own
 * ServiceAccount and the ClusterRole from {@code k8s/}, on a management cluster and two service
 * clusters; the Redis walkthrough of {@code ./kc up}, then the teardown, after which no object of
 * ours is left in any cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkthroughIT {

  static final Duration GONE_TIMEOUT = Duration.ofMinutes(3);
  static Hub hub;
  static Walkthrough.Outcome outcome;

  @BeforeAll
  static void startHub() {
    hub = io.kubecarrier.e2e.lifecycle.SharedHub.get();
  }

  @Test
  @Order(1)
  void walkthrough() {
    outcome = new Walkthrough(hub, new Steps(System.out)).run();
    for (KubeCluster c : hub.clusters().serviceClusters()) {
      String expectedOwner = c.name().equals("eu-west-1") ? Walkthrough.TEAM_A : Walkthrough.TEAM_B;
      List<GenericKubernetesResource> redis = serviceSide(c);
      assertThat(redis).as("Redis objects in " + c.name()).hasSize(1);
      assertThat(redis.get(0).getMetadata().getName()).isEqualTo("cache");
      assertThat(redis.get(0).getMetadata().getLabels())
          .containsEntry("kubecarrier.io/owner-namespace", expectedOwner)
          .containsEntry("kubecarrier.io/owner-name", "cache");
    }
    KubernetesClient admin = hub.management().adminClient();
    assertThat(
            admin
                .secrets()
                .inNamespace(Walkthrough.TEAM_A)
                .withName("cache-redis-auth")
                .get()
                .getMetadata()
                .getLabels())
        .as("alice's copy of cache-redis-auth")
        .containsEntry("kubecarrier.io/related", "redis-auth")
        .containsEntry("kubecarrier.io/owner-name", "cache")
        .containsEntry("kubecarrier.io/service-cluster", "eu-west-1");
    assertThat(
            Walkthrough.decoded(
                admin.secrets().inNamespace(Walkthrough.TEAM_B).withName("cache-redis-auth").get(),
                "password"))
        .as("bob's Redis names no Secret: a generated password")
        .isNotBlank()
        .isNotEqualTo(Walkthrough.ALICE_PASSWORD);
  }

  @Test
  @Order(2)
  void tenantsDeleteTheirInstancesAndTheyLeaveTheServiceClusters() {
    assumeTrue(outcome != null, "the walkthrough failed");
    delete(
        Walkthrough.ALICE,
        outcome.backupApiVersion(),
        "RedisBackup",
        Walkthrough.TEAM_A,
        "cache-nightly");
    delete(Walkthrough.ALICE, outcome.redisApiVersion(), "Redis", Walkthrough.TEAM_A, "cache");
    delete(Walkthrough.BOB, outcome.redisApiVersion(), "Redis", Walkthrough.TEAM_B, "cache");
    for (KubeCluster c : hub.clusters().serviceClusters()) {
      await("Redis objects gone from " + c.name())
          .atMost(GONE_TIMEOUT)
          .until(() -> serviceSide(c).isEmpty());
    }
    KubeCluster eu =
        hub.clusters().serviceClusters().stream()
            .filter(c -> c.name().equals("eu-west-1"))
            .findFirst()
            .orElseThrow();
    String svcNs =
        io.kubecarrier.api.common.Names.serviceNamespaceName(
            Walkthrough.PROVIDER, Walkthrough.TEAM_A);
    KubernetesClient admin = hub.management().adminClient();
    await("the related copies of team-a/cache gone on both sides")
        .atMost(GONE_TIMEOUT)
        .until(
            () ->
                eu.adminClient().secrets().inNamespace(svcNs).withName("cache-password").get()
                        == null
                    && admin
                            .secrets()
                            .inNamespace(Walkthrough.TEAM_A)
                            .withName("cache-redis-auth")
                            .get()
                        == null);
    assertThat(admin.secrets().inNamespace(Walkthrough.TEAM_A).withName("cache-password").get())
        .as("alice's own Secret stays")
        .isNotNull();
  }

  /**
   * The provider tears down while its assignments still exist, ServiceClusters first: the order
   * that used to deadlock (the ServiceCluster waited for its assignments, the assignments for a
   * Ready ServiceCluster). Then entry sets, Catalog and Accounts; nothing of ours is left.
   */
  @Test
  @Order(3)
  void teardownLeavesNothingOfOursInAnyCluster() {
    assumeTrue(outcome != null, "the walkthrough failed");
    KubernetesClient admin = hub.management().adminClient();
    try (KubernetesClient acme = hub.management().impersonating(Walkthrough.PROVIDER_USER)) {
      for (KubeCluster c : hub.clusters().serviceClusters()) {
        acme.genericKubernetesResources("kubecarrier.io/v1alpha1", "ServiceCluster")
            .inNamespace(Walkthrough.PROVIDER)
            .withName(c.name())
            .delete();
      }
      for (KubeCluster c : hub.clusters().serviceClusters()) {
        awaitGone(
            acme, "kubecarrier.io/v1alpha1", "ServiceCluster", Walkthrough.PROVIDER, c.name());
      }
      for (String crd : Walkthrough.SERVICE_CRDS) {
        String name = crd.substring(0, crd.indexOf('.'));
        acme.genericKubernetesResources("catalog.kubecarrier.io/v1alpha1", "CatalogEntrySet")
            .inNamespace(Walkthrough.PROVIDER)
            .withName(name)
            .delete();
      }
      for (String crd : Walkthrough.SERVICE_CRDS) {
        awaitGone(
            acme,
            "catalog.kubecarrier.io/v1alpha1",
            "CatalogEntrySet",
            Walkthrough.PROVIDER,
            crd.substring(0, crd.indexOf('.')));
      }
      acme.genericKubernetesResources("catalog.kubecarrier.io/v1alpha1", "Catalog")
          .inNamespace(Walkthrough.PROVIDER)
          .withName("default")
          .delete();
      awaitGone(
          acme, "catalog.kubecarrier.io/v1alpha1", "Catalog", Walkthrough.PROVIDER, "default");
    }
    for (String account : List.of(Walkthrough.PROVIDER, Walkthrough.TEAM_A, Walkthrough.TEAM_B)) {
      admin
          .genericKubernetesResources("catalog.kubecarrier.io/v1alpha1", "Account")
          .withName(account)
          .delete();
    }
    for (String account : List.of(Walkthrough.PROVIDER, Walkthrough.TEAM_A, Walkthrough.TEAM_B)) {
      awaitGone(admin, "catalog.kubecarrier.io/v1alpha1", "Account", null, account);
    }
    for (String ns : List.of(Walkthrough.PROVIDER, Walkthrough.TEAM_A, Walkthrough.TEAM_B)) {
      await("namespace " + ns + " gone")
          .atMost(GONE_TIMEOUT)
          .until(() -> admin.namespaces().withName(ns).get() == null);
    }

    HubInvariants.of(hub.clusters())
        .limitedTo(Walkthrough.PROVIDER, Walkthrough.TEAM_A, Walkthrough.TEAM_B)
        .assertNothingLeft("walkthrough teardown");
    assertThat(leftoversInManagement(admin))
        .as("objects of ours left in the management cluster")
        .isEmpty();
    for (KubeCluster c : hub.clusters().serviceClusters()) {
      assertThat(leftoversInServiceCluster(c)).as("objects of ours left in " + c.name()).isEmpty();
    }
  }

  // --- counting ------------------------------------------------------------------------------

  static final List<String[]> OUR_KINDS =
      List.of(
          new String[] {"catalog.kubecarrier.io/v1alpha1", "Account"},
          new String[] {"catalog.kubecarrier.io/v1alpha1", "Catalog"},
          new String[] {"catalog.kubecarrier.io/v1alpha1", "CatalogEntry"},
          new String[] {"catalog.kubecarrier.io/v1alpha1", "CatalogEntrySet"},
          new String[] {"catalog.kubecarrier.io/v1alpha1", "Offering"},
          new String[] {"catalog.kubecarrier.io/v1alpha1", "Provider"},
          new String[] {"catalog.kubecarrier.io/v1alpha1", "Region"},
          new String[] {"catalog.kubecarrier.io/v1alpha1", "Tenant"},
          new String[] {"kubecarrier.io/v1alpha1", "ServiceCluster"},
          new String[] {"kubecarrier.io/v1alpha1", "ServiceClusterAssignment"},
          new String[] {"kubecarrier.io/v1alpha1", "CustomResourceDiscovery"});

  /** The walkthrough's accounts: other tests share the clusters with their own names. */
  static final java.util.Set<String> OURS =
      java.util.Set.of(Walkthrough.PROVIDER, Walkthrough.TEAM_A, Walkthrough.TEAM_B);

  static final String GROUP = Walkthrough.PROVIDER + ".hub.kubecarrier.io";

  static List<String> leftoversInManagement(KubernetesClient admin) {
    List<String> left = new ArrayList<>();
    for (String[] k : OUR_KINDS) {
      admin.genericKubernetesResources(k[0], k[1]).inAnyNamespace().list().getItems().stream()
          .filter(
              o ->
                  OURS.contains(
                      o.getMetadata().getNamespace() == null
                          ? o.getMetadata().getName()
                          : o.getMetadata().getNamespace()))
          .forEach(
              o ->
                  left.add(
                      k[1]
                          + " "
                          + o.getMetadata().getNamespace()
                          + "/"
                          + o.getMetadata().getName()));
    }
    admin.apiextensions().v1().customResourceDefinitions().list().getItems().stream()
        .filter(crd -> crd.getSpec().getGroup().equals(GROUP))
        .forEach(crd -> left.add("CRD " + crd.getMetadata().getName()));
    admin.admissionRegistration().v1().validatingAdmissionPolicies().list().getItems().stream()
        .filter(p -> p.getMetadata().getName().endsWith("." + GROUP))
        .forEach(p -> left.add("ValidatingAdmissionPolicy " + p.getMetadata().getName()));
    admin.namespaces().list().getItems().stream()
        .filter(n -> OURS.contains(n.getMetadata().getName()))
        .forEach(n -> left.add("Namespace " + n.getMetadata().getName()));
    for (String ns : List.of("default", "kubecarrier-system")) {
      admin.rbac().roleBindings().inNamespace(ns).list().getItems().stream()
          .filter(b -> b.getMetadata().getName().startsWith("kubecarrier:"))
          .forEach(b -> left.add("RoleBinding " + ns + "/" + b.getMetadata().getName()));
    }
    admin.rbac().clusterRoleBindings().list().getItems().stream()
        .filter(b -> b.getMetadata().getName().startsWith("kubecarrier:"))
        .forEach(b -> left.add("ClusterRoleBinding " + b.getMetadata().getName()));
    return left;
  }

  static List<String> leftoversInServiceCluster(KubeCluster c) {
    List<String> left = new ArrayList<>();
    KubernetesClient admin = c.adminClient();
    admin
        .namespaces()
        .withLabel("kubecarrier.io/owner-namespace", Walkthrough.PROVIDER)
        .list()
        .getItems()
        .forEach(n -> left.add("Namespace " + n.getMetadata().getName()));
    for (String kind : List.of(SampleRedisOperator.KIND, "RedisBackup")) {
      admin
          .genericKubernetesResources(SampleRedisOperator.API_VERSION, kind)
          .inAnyNamespace()
          .withLabel("kubecarrier.io/owner-group", GROUP)
          .list()
          .getItems()
          .forEach(
              r ->
                  left.add(
                      kind
                          + " "
                          + r.getMetadata().getNamespace()
                          + "/"
                          + r.getMetadata().getName()));
    }
    return left;
  }

  /** The walkthrough provider's Redis objects in a service cluster. */
  static List<GenericKubernetesResource> serviceSide(KubeCluster c) {
    return c.adminClient()
        .genericKubernetesResources(SampleRedisOperator.API_VERSION, SampleRedisOperator.KIND)
        .inAnyNamespace()
        .withLabel("kubecarrier.io/owner-group", GROUP)
        .list()
        .getItems();
  }

  static void delete(String user, String apiVersion, String kind, String ns, String name) {
    try (KubernetesClient c = hub.management().impersonating(user)) {
      c.genericKubernetesResources(apiVersion, kind).inNamespace(ns).withName(name).delete();
    }
  }

  static void awaitGone(
      KubernetesClient c, String apiVersion, String kind, String ns, String name) {
    await(kind + " " + name + " gone")
        .atMost(GONE_TIMEOUT)
        .until(() -> Walkthrough.get(c, apiVersion, kind, ns, name) == null);
  }
}
