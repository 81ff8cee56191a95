package io.kubecarrier.registry;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.HubAccess;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.servicecluster.ServiceClusterSpec;
import io.kubecarrier.testkit.HubSecretAccess;
import io.kubecarrier.testkit.K8sBinaries;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.Manifests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * What the registry's integration tests share: KubeCarrier's least-privilege identity in the
 * service clusters (k8s/service-cluster/, never admin), provider namespaces, kubeconfig Secrets and
 * ServiceClusters in the management cluster, and condition waits.
 */
final class RegistryFixture {

  static final String SA_NAMESPACE = "kubecarrier-system";
  static final String SA_NAME = "kubecarrier";
  private static final Set<String> INSTALLED = new HashSet<>();

  private RegistryFixture() {}

  static KubeClusters clusters() {
    return KubeClusters.shared();
  }

  static KubernetesClient management() {
    return clusters().management().adminClient();
  }

  static KubeCluster cluster(String name) {
    return clusters().get(name);
  }

  /** Applies k8s/service-cluster/ to a service cluster, as its admin (once per cluster). */
  static synchronized void installIdentity(KubeCluster cluster) {
    if (INSTALLED.add(cluster.name())) {
      Manifests.apply(cluster.adminClient(), K8sBinaries.repoRoot().resolve("k8s/service-cluster"));
    }
  }

  /** A kubeconfig for KubeCarrier's ServiceAccount in {@code cluster}, with a fresh token. */
  static String identityKubeconfig(KubeCluster cluster) {
    installIdentity(cluster);
    return cluster.kubeconfig(
        SA_NAME, cluster.serviceAccountToken(SA_NAMESPACE, SA_NAME, Duration.ofHours(2)));
  }

  /**
   * A token of KubeCarrier's ServiceAccount bound to a new Secret {@code holder} in its namespace:
   * deleting that Secret revokes the token.
   */
  static String revocableToken(KubeCluster cluster, String holder) {
    installIdentity(cluster);
    KubernetesClient admin = cluster.adminClient();
    Secret secret =
        admin
            .secrets()
            .inNamespace(SA_NAMESPACE)
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName(holder)
                    .withNamespace(SA_NAMESPACE)
                    .endMetadata()
                    .build())
            .create();
    return admin
        .serviceAccounts()
        .inNamespace(SA_NAMESPACE)
        .withName(SA_NAME)
        .tokenRequest(
            new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(3600L)
                .withNewBoundObjectRef()
                .withApiVersion("v1")
                .withKind("Secret")
                .withName(holder)
                .withUid(secret.getMetadata().getUid())
                .endBoundObjectRef()
                .endSpec()
                .build())
        .getStatus()
        .getToken();
  }

  static void revoke(KubeCluster cluster, String holder) {
    cluster.adminClient().secrets().inNamespace(SA_NAMESPACE).withName(holder).delete();
  }

  static String unique(String prefix) {
    return prefix + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  }

  /** A new provider namespace in the management cluster. */
  static String providerNamespace(String prefix) {
    String ns = unique(prefix);
    management()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    HubSecretAccess.grant(
        management(), ns, HubAccess.PROVIDER_GRANTS); // as the account operator does
    return ns;
  }

  static void kubeconfigSecret(String ns, String name, Map<String, String> stringData) {
    management()
        .secrets()
        .inNamespace(ns)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withStringData(stringData)
                .build())
        .serverSideApply();
  }

  static void kubeconfigSecret(String ns, String name, String kubeconfig) {
    kubeconfigSecret(ns, name, Map.of("kubeconfig", kubeconfig));
  }

  static ServiceCluster serviceCluster(String ns, String name, String secretName) {
    ServiceCluster sc = new ServiceCluster();
    sc.getMetadata().setNamespace(ns);
    sc.getMetadata().setName(name);
    ServiceClusterSpec spec = new ServiceClusterSpec();
    spec.setKubeconfigSecret(ObjectReference.of(secretName));
    sc.setSpec(spec);
    return management().resource(sc).create();
  }

  static ServiceCluster getServiceCluster(String ns, String name) {
    return management().resources(ServiceCluster.class).inNamespace(ns).withName(name).get();
  }

  static Optional<Condition> condition(ServiceCluster sc, String type) {
    return sc == null || sc.getStatus() == null
        ? Optional.empty()
        : Conditions.find(sc.getStatus().getConditions(), type);
  }

  /**
   * Waits until the ServiceCluster's condition {@code type} has {@code status} and {@code reason}.
   */
  static ServiceCluster awaitCondition(
      String ns, String name, String type, String status, String reason, Duration atMost) {
    Predicate<Condition> matches =
        c -> status.equals(c.getStatus()) && (reason == null || reason.equals(c.getReason()));
    return await(ns + "/" + name + " " + type + "=" + status + " " + reason)
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> getServiceCluster(ns, name),
            sc -> condition(sc, type).filter(matches).isPresent());
  }

  /**
   * A Ready ServiceCluster {@code name} in {@code ns} for the harness cluster {@code cluster},
   * registered with KubeCarrier's service-cluster identity; returns that cluster.
   */
  static KubeCluster readyServiceCluster(String ns, String name, String cluster) {
    KubeCluster c = cluster(cluster);
    kubeconfigSecret(ns, name, identityKubeconfig(c));
    serviceCluster(ns, name, name);
    awaitReady(ns, name);
    return c;
  }

  static ServiceCluster awaitReady(String ns, String name) {
    return awaitCondition(
        ns, name, ConditionTypes.READY, Condition.TRUE, null, Duration.ofSeconds(30));
  }

  /** Appends a measured figure to target/measurements.txt and prints it. */
  static void measured(String what, Duration took) {
    String line = String.format("MEASURED %s: %d ms%n", what, took.toMillis());
    System.out.print(line);
    try {
      Files.writeString(
          Path.of("target/measurements.txt"),
          line,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
