package io.kubecarrier.registry;

import static io.kubecarrier.registry.RegistryFixture.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.operator.clusters.Kubeconfigs;
import io.kubecarrier.registry.connect.ServiceClusterConnection;
import io.kubecarrier.testkit.Access;
import io.kubecarrier.testkit.K8sBinaries;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KubeCarrier's identity in a service cluster (k8s/service-cluster/) is least privilege: what the
 * registry and the agent need, nothing cluster-wide beyond it, and the admission policy keeps its
 * namespace and RoleBinding rights inside the namespaces the registry creates. Also checks that
 * kubeconfig.sh produces a kubeconfig the registry accepts. (A QuarkusTest only to share the
 * application classloader, and so the clusters, with the other ITs.)
 */
@QuarkusTest
@TestProfile(RegistryProfile.class)
class ServiceClusterIdentityIT {

  private static KubeCluster service;
  private static Access identity;

  @BeforeAll
  static void install() {
    service = cluster(KubeClusters.EU_WEST_1);
    RegistryFixture.installIdentity(service);
    identity =
        Access.asServiceAccount(service, RegistryFixture.SA_NAMESPACE, RegistryFixture.SA_NAME);
  }

  @Test
  void rbacGrantsWhatTheRegistryNeedsAndNoMore() {
    assertThat(identity.can("get", "customresourcedefinitions.apiextensions.k8s.io", null))
        .isTrue();
    assertThat(identity.can("watch", "customresourcedefinitions.apiextensions.k8s.io", null))
        .isTrue();
    assertThat(identity.can("create", "namespaces", null)).isTrue();
    assertThat(identity.can("delete", "namespaces", null)).isTrue();
    assertThat(identity.can("create", "rolebindings.rbac.authorization.k8s.io", "anything"))
        .isTrue();

    assertThat(identity.can("create", "customresourcedefinitions.apiextensions.k8s.io", null))
        .isFalse();
    assertThat(identity.can("list", "namespaces", null)).isFalse();
    assertThat(identity.can("update", "namespaces", null)).isFalse();
    assertThat(identity.can("get", "secrets", "kube-system")).isFalse();
    assertThat(identity.can("list", "secrets", null)).isFalse();
    assertThat(identity.can("create", "pods", "default")).isFalse();
    assertThat(identity.can("create", "clusterrolebindings.rbac.authorization.k8s.io", null))
        .isFalse();
    assertThat(identity.can("create", "roles.rbac.authorization.k8s.io", "default")).isFalse();
    assertThat(identity.can("escalate", "clusterroles.rbac.authorization.k8s.io", null)).isFalse();
  }

  @Test
  void admissionPolicyKeepsTheIdentityInItsOwnNamespaces() {
    try (KubernetesClient client = identityClient()) {
      String unlabelled = RegistryFixture.unique("kc-foreign");
      assertThatThrownBy(
              () ->
                  client
                      .namespaces()
                      .resource(
                          new NamespaceBuilder()
                              .withNewMetadata()
                              .withName(unlabelled)
                              .endMetadata()
                              .build())
                      .create())
          .isInstanceOf(KubernetesClientException.class)
          .hasMessageContaining("may only create namespaces labelled");

      String foreign = RegistryFixture.unique("foreign");
      service
          .adminClient()
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(foreign).endMetadata().build())
          .create();
      assertThatThrownBy(() -> client.namespaces().withName(foreign).delete())
          .hasMessageContaining("may only delete namespaces it created");
      assertThatThrownBy(
              () ->
                  client
                      .rbac()
                      .roleBindings()
                      .inNamespace(foreign)
                      .resource(binding(foreign))
                      .create())
          .hasMessageContaining("may only manage RoleBindings in namespaces it created");

      String own = RegistryFixture.unique("kc-own");
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(own)
                  .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_CLUSTER_REGISTRY)
                  .endMetadata()
                  .build())
          .create();
      client.rbac().roleBindings().inNamespace(own).resource(binding(own)).create();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .until(() -> client.secrets().inNamespace(own).list().getItems().isEmpty());
      assertThat(client.namespaces().withName(own).delete()).isNotEmpty();
    }
  }

  @Test
  void kubeconfigScriptProducesAKubeconfigTheRegistryAccepts() throws Exception {
    Path script = K8sBinaries.repoRoot().resolve("k8s/service-cluster/kubeconfig.sh");
    ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "1h");
    pb.environment().put("KUBECONFIG", service.adminKubeconfig().toString());
    pb.environment()
        .put("PATH", K8sBinaries.binary("kubectl").getParent() + ":" + System.getenv("PATH"));
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    String kubeconfig = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();

    Config config = Kubeconfigs.parse(kubeconfig, Duration.ofSeconds(5));
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(client.getKubernetesVersion().getGitVersion()).startsWith("v1.");
      var connection =
          new ServiceClusterConnection(
              "test",
              config.getMasterUrl(),
              client,
              new java.util.concurrent.atomic.AtomicReference<>());
      assertThat(connection.identity().getName()).isEqualTo(RegistryFixture.SA_NAME);
      assertThat(connection.identity().getNamespace()).isEqualTo(RegistryFixture.SA_NAMESPACE);
    }
  }

  private static KubernetesClient identityClient() {
    return service.client(
        service.serviceAccountToken(
            RegistryFixture.SA_NAMESPACE, RegistryFixture.SA_NAME, Duration.ofMinutes(10)));
  }

  private static io.fabric8.kubernetes.api.model.rbac.RoleBinding binding(String ns) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName("kubecarrier")
        .withNamespace(ns)
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("ClusterRole")
        .withName("kubecarrier-service-namespace")
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(RegistryFixture.SA_NAME)
        .withNamespace(RegistryFixture.SA_NAMESPACE)
        .endSubject()
        .build();
  }
}
