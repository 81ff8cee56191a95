package io.kubecarrier.propagation.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.clusters.Kubeconfigs;
import io.kubecarrier.propagation.SyncFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Service cluster clients: kubeconfig rules, and what a failed call means. */
class ClusterConnectionsTest {

  @Test
  void kubeconfigsThatRunCommandsOrReadFilesAreRefused() throws Exception {
    String exec = kubeconfig("exec:\n        command: /bin/sh");
    assertThatThrownBy(() -> clientConfig(exec))
        .isInstanceOfSatisfying(
            ConnectionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.INVALID_KUBECONFIG);
              assertThat(e.getMessage())
                  .as("names the ServiceCluster, the Secret and the refused field")
                  .contains("ServiceCluster acme/eu-west-1", "acme/eu-kubeconfig", "exec");
            });
    Config ok = clientConfig(kubeconfig("token: abc"));
    assertThat(ok.getOauthToken()).isEqualTo("abc");
    assertThat(ok.getConnectionTimeout()).as("connect: at most 5 s").isEqualTo(5_000);
    assertThat(ok.getRequestTimeout()).isEqualTo(10_000);
    assertThat(ok.getRequestRetryBackoffLimit()).isZero();
    assertThat(ok.getWatchReconnectInterval()).isEqualTo(500);
    assertThatThrownBy(
            () ->
                Connector.clientConfig(
                    "acme/eu-west-1", null, "acme", "eu-kubeconfig", Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            ConnectionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.SECRET_NOT_FOUND);
              assertThat(e.getMessage())
                  .contains("ServiceCluster acme/eu-west-1", "acme/eu-kubeconfig");
            });
  }

  @Test
  void onlyACallWithoutAnswerMeansTheServiceClusterIsUnreachable() {
    String server = "https://eu.example:6443";
    SyncFailure down =
        ClusterConnections.failure(
            "eu-west-1",
            server,
            new KubernetesClientException("failed", new java.net.ConnectException("refused")));
    assertThat(down.unreachable()).isTrue();
    assertThat(down.reason()).isEqualTo(Reasons.CLUSTER_UNREACHABLE);

    SyncFailure invalid =
        ClusterConnections.failure("eu-west-1", server, answer(422, "spec.replicas: Invalid"));
    assertThat(invalid.unreachable()).isFalse();
    assertThat(invalid.reason())
        .as("the service CRD's schema refuses the spec")
        .isEqualTo(Reasons.INVALID_SPEC);
    assertThat(invalid.getMessage()).contains("eu-west-1", "spec.replicas: Invalid");
    assertThat(ClusterConnections.failure("eu-west-1", server, answer(400, "bad")).reason())
        .isEqualTo(Reasons.INVALID_SPEC);

    SyncFailure conflict =
        ClusterConnections.failure("eu-west-1", server, answer(409, "the object changed"));
    assertThat(conflict.unreachable()).isFalse();
    assertThat(conflict.reason()).isEqualTo(Reasons.REQUEST_REJECTED);
    assertThat(conflict.getMessage()).contains("eu-west-1", "HTTP 409", "the object changed");

    SyncFailure broken =
        ClusterConnections.failure("eu-west-1", server, answer(500, "webhook failed"));
    assertThat(broken.unreachable()).isFalse();
    assertThat(broken.reason()).isEqualTo(Reasons.SERVER_ERROR);
    assertThat(broken.getMessage()).contains(server, "HTTP 500", "webhook failed");

    assertThat(ClusterConnections.failure("eu-west-1", server, answer(401, "no")).reason())
        .isEqualTo(Reasons.UNAUTHORIZED);
  }

  private static KubernetesClientException answer(int code, String message) {
    return new KubernetesClientException(
        new io.fabric8.kubernetes.api.model.StatusBuilder()
            .withCode(code)
            .withMessage(message)
            .build());
  }

  private static Config clientConfig(String kubeconfig) throws ConnectionException {
    var secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("eu-kubeconfig")
            .withNamespace("acme")
            .endMetadata()
            .addToStringData(Kubeconfigs.KEY, kubeconfig)
            .build();
    return Connector.clientConfig(
        "acme/eu-west-1", secret, "acme", "eu-kubeconfig", Duration.ofSeconds(10));
  }

  private static String kubeconfig(String user) {
    return """
        apiVersion: v1
        kind: Config
        current-context: c
        contexts:
        - name: c
          context:
            cluster: k
            user: u
        clusters:
        - name: k
          cluster:
            server: https://127.0.0.1:6443
        users:
        - name: u
          user:
            %s
        """
        .formatted(user);
  }
}
