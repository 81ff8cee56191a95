package io.kubecarrier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness itself, against real API servers. */
class KubeClustersIT {

  static KubeClusters clusters;

  @BeforeAll
  static void start() {
    clusters = KubeClusters.shared();
    System.out.println(
        "three clusters + etcd started in " + clusters.startupTime().toMillis() + " ms");
  }

  @Test
  void clustersAreIndependentAndReportThePinnedVersion() {
    String expected = "v" + System.getProperty("kc.k8s.version", "1.35.4");
    for (KubeCluster c : clusters.all()) {
      assertThat(c.adminClient().getKubernetesVersion().getGitVersion()).isEqualTo(expected);
    }
    KubernetesClient eu = clusters.get(KubeClusters.EU_WEST_1).adminClient();
    KubernetesClient us = clusters.get(KubeClusters.US_EAST_1).adminClient();
    eu.namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("only-in-eu").endMetadata().build())
        .create();
    assertThat(eu.namespaces().withName("only-in-eu").get()).isNotNull();
    assertThat(us.namespaces().withName("only-in-eu").get()).isNull();
  }

  @Test
  void controllerManagerDeletesNamespacesAndCollectsGarbage() {
    KubernetesClient c = clusters.management().adminClient();
    c.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName("doomed").endMetadata().build())
        .create();
    var owner =
        c.configMaps()
            .inNamespace("doomed")
            .resource(
                new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata().build())
            .create();
    c.configMaps()
        .inNamespace("doomed")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("owned")
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName("owner")
                .withUid(owner.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
    c.configMaps().inNamespace("doomed").withName("owner").delete();
    await("garbage collector removes the owned ConfigMap")
        .atMost(Duration.ofSeconds(60))
        .until(() -> c.configMaps().inNamespace("doomed").withName("owned").get() == null);
    c.namespaces().withName("doomed").delete();
    await("namespace controller finishes the deletion")
        .atMost(Duration.ofSeconds(60))
        .until(() -> c.namespaces().withName("doomed").get() == null);
  }

  @Test
  void rbacIsEnforcedForServiceAccountsAndImpersonatedUsers() {
    KubeCluster m = clusters.management();
    KubernetesClient admin = m.adminClient();
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName("rbac-probe").endMetadata().build())
        .create();
    admin
        .serviceAccounts()
        .inNamespace("rbac-probe")
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("bot").endMetadata().build())
        .create();
    String token = m.serviceAccountToken("rbac-probe", "bot", Duration.ofMinutes(10));
    try (KubernetesClient bot = m.client(token);
        KubernetesClient alice = m.impersonating("alice", "team-a")) {
      assertThatThrownBy(() -> bot.configMaps().inNamespace("rbac-probe").list())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
      assertThatThrownBy(() -> alice.namespaces().list())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }
    assertThat(Access.as(m, "alice", "team-a").can("list", "namespaces", null)).isFalse();
    assertThat(
            Access.as(m, KubeCluster.ADMIN_USER, "system:masters").can("list", "namespaces", null))
        .isTrue();
    try (KubernetesClient stranger = m.client("not-a-valid-token")) {
      assertThatThrownBy(() -> stranger.namespaces().list())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(401));
    }
  }

  @Test
  void apiServerCanBeStoppedAndRestartedWithItsData() {
    KubeCluster us = clusters.get(KubeClusters.US_EAST_1);
    us.adminClient()
        .configMaps()
        .inNamespace("default")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("survives")
                .endMetadata()
                .withData(Map.of("k", "v"))
                .build())
        .create();
    us.stopApiServer();
    assertThat(us.isApiServerRunning()).isFalse();
    assertThatThrownBy(() -> us.adminClient().namespaces().list())
        .isInstanceOf(KubernetesClientException.class);
    // the other service cluster is unaffected
    assertThat(clusters.get(KubeClusters.EU_WEST_1).adminClient().namespaces().list().getItems())
        .isNotEmpty();
    us.startApiServer(Duration.ofMinutes(2));
    assertThat(us.adminClient().configMaps().inNamespace("default").withName("survives").get())
        .isNotNull();
  }

  @Test
  void kubectlWorksWithTheGeneratedKubeconfig() {
    Kubectl.Result r = clusters.management().kubectl("get", "namespaces", "-o", "name");
    r.assertSuccess();
    assertThat(r.output()).contains("namespace/default");
  }
}
