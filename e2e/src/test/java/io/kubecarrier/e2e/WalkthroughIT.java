package io.kubecarrier.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
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
    hub = Hub.onSharedClusters(Path.of("target/e2e-logs")).startOperators(Main.FAST_INTERVALS);
  }

  @AfterAll
  static void stopHub() {
    if (hub != null) {
      hub.close();
    }
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
  }

  @Test
  @Order(3)
  void teardownLeavesNothingOfOursInAnyCluster() {
    assumeTrue(outcome != null, "the walkthrough failed");
    KubernetesClient admin = hub.management().adminClient();
    for (String tenant : List.of(Walkthrough.TEAM_A, Walkthrough.TEAM_B)) {
      admin
          .genericKubernetesResources("catalog.kubecarrier.io/v1alpha1", "Account")
          .withName(tenant)
          .delete();
    }
    awaitGone(admin, "catalog.kubecarrier.io/v1alpha1", "Account", null, Walkthrough.TEAM_A);
    awaitGone(admin, "catalog.kubecarrier.io/v1alpha1", "Account", null, Walkthrough.TEAM_B);
    try (KubernetesClient acme = hub.management().impersonating(Walkthrough.PROVIDER_USER)) {
      acme.genericKubernetesResources("catalog.kubecarrier.io/v1alpha1", "Catalog")
          .inNamespace(Walkthrough.PROVIDER)
          .withName("default")
          .delete();
      awaitGone(
          acme, "catalog.kubecarrier.io/v1alpha1", "Catalog", Walkthrough.PROVIDER, "default");
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
    }
    admin
        .genericKubernetesResources("catalog.kubecarrier.io/v1alpha1", "Account")
        .withName(Walkthrough.PROVIDER)
        .delete();
    awaitGone(admin, "catalog.kubecarrier.io/v1alpha1", "Account", null, Walkthrough.PROVIDER);
    for (String ns : List.of(Walkthrough.PROVIDER, Walkthrough.TEAM_A, Walkthrough.TEAM_B)) {
      await("namespace " + ns + " gone")
          .atMost(GONE_TIMEOUT)
          .until(() -> admin.namespaces().withName(ns).get() == null);
    }

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

  static List<String> leftoversInManagement(KubernetesClient admin) {
    List<String> left = new ArrayList<>();
    for (String[] k : OUR_KINDS) {
      admin
          .genericKubernetesResources(k[0], k[1])
          .inAnyNamespace()
          .list()
          .getItems()
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
        .filter(crd -> crd.getSpec().getGroup().endsWith("." + "hub.kubecarrier.io"))
        .forEach(crd -> left.add("CRD " + crd.getMetadata().getName()));
    admin.admissionRegistration().v1().validatingAdmissionPolicies().list().getItems().stream()
        .filter(p -> p.getMetadata().getName().startsWith("kubecarrier"))
        .forEach(p -> left.add("ValidatingAdmissionPolicy " + p.getMetadata().getName()));
    admin.namespaces().list().getItems().stream()
        .filter(
            n ->
                n.getMetadata().getLabels() != null
                    && n.getMetadata().getLabels().containsKey("kubecarrier.io/account"))
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
        .withLabel("kubecarrier.io/managed-by")
        .list()
        .getItems()
        .forEach(n -> left.add("Namespace " + n.getMetadata().getName()));
    serviceSide(c)
        .forEach(
            r ->
                left.add(
                    "Redis " + r.getMetadata().getNamespace() + "/" + r.getMetadata().getName()));
    admin
        .genericKubernetesResources(SampleRedisOperator.API_VERSION, "RedisBackup")
        .inAnyNamespace()
        .list()
        .getItems()
        .forEach(
            r ->
                left.add(
                    "RedisBackup "
                        + r.getMetadata().getNamespace()
                        + "/"
                        + r.getMetadata().getName()));
    return left;
  }

  static List<GenericKubernetesResource> serviceSide(KubeCluster c) {
    return c.adminClient()
        .genericKubernetesResources(SampleRedisOperator.API_VERSION, SampleRedisOperator.KIND)
        .inAnyNamespace()
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
