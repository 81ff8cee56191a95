package io.kubecarrier.account;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.testkit.K8sBinaries;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.Manifests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad Accounts are rejected by the API server at admission, with a message a person can act on. A
 * Quarkus test only to share the JVM's clusters with the other ITs (one class loader).
 */
@QuarkusTest
@TestProfile(RealClusterProfile.class)
class AdmissionIT {

  static KubernetesClient admin;

  @BeforeAll
  static void crds() {
    admin = KubeClusters.shared().management().adminClient();
    Manifests.applyCrds(admin, K8sBinaries.repoRoot().resolve("k8s/crds"));
  }

  private static void assertRejected(String yaml, String... messageParts) {
    GenericKubernetesResource account =
        Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    assertThatThrownBy(() -> admin.resource(account).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(
            e -> {
              KubernetesClientException k = (KubernetesClientException) e;
              org.assertj.core.api.Assertions.assertThat(k.getCode()).isEqualTo(422);
              org.assertj.core.api.Assertions.assertThat(k.getStatus().getMessage())
                  .contains(messageParts);
            });
  }

  private static String account(String name, String roles, String subjects) {
    return """
        apiVersion: %s
        kind: Account
        metadata:
          name: %s
        spec:
          roles: %s
          subjects: %s
        """
        .formatted(Account.API_VERSION, name, roles, subjects);
  }

  @Test
  void unknownRoleIsRejected() {
    assertRejected(
        account("bad-role", "[Admin]", "[{kind: User, name: alice}]"),
        "spec.roles[0]",
        "Unsupported value: \"Admin\"",
        "\"Provider\", \"Tenant\"");
  }

  @Test
  void duplicateRoleIsRejected() {
    assertRejected(
        account("dup-role", "[Tenant, Tenant]", "[{kind: User, name: alice}]"),
        "must not list a role twice");
  }

  @Test
  void emptySubjectsAreRejected() {
    assertRejected(account("no-subjects", "[Tenant]", "[]"), "spec.subjects", "at least 1 items");
  }

  @Test
  void missingSubjectsAreRejected() {
    assertRejected(
        """
        apiVersion: %s
        kind: Account
        metadata:
          name: missing-subjects
        spec:
          roles: [Tenant]
        """
            .formatted(Account.API_VERSION),
        "spec.subjects",
        "Required value");
  }

  @Test
  void serviceAccountWithoutNamespaceIsRejected() {
    assertRejected(
        account("sa-no-ns", "[Tenant]", "[{kind: ServiceAccount, name: bot}]"), "needs namespace");
  }

  @Test
  void nameThatIsNotADnsLabelIsRejected() {
    assertRejected(
        account("example.corp", "[Provider]", "[{kind: User, name: alice}]"),
        "metadata.name must be a DNS-1123 label");
    assertRejected(
        account("x".repeat(64), "[Provider]", "[{kind: User, name: alice}]"),
        "metadata.name must be a DNS-1123 label");
  }
}
