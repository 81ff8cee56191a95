package io.kubecarrier.operator.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Reasons;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  private static final String SERVER = "https://eu:6443";

  @Test
  void credentialsRejected() {
    ConnectionException e =
        Failures.classify(new KubernetesClientException("Unauthorized", 401, null), SERVER);
    assertThat(e.reason()).isEqualTo(Reasons.UNAUTHORIZED);
    assertThat(e.isTransient()).isFalse();
    assertThat(e.getMessage()).contains(SERVER).contains("401");
  }

  @Test
  void forbiddenPointsAtTheServiceClusterRbac() {
    ConnectionException e =
        Failures.classify(
            new KubernetesClientException(
                "Forbidden",
                403,
                new StatusBuilder().withMessage("cannot get customresourcedefinitions").build()),
            SERVER);
    assertThat(e.reason()).isEqualTo(Reasons.UNAUTHORIZED);
    assertThat(e.getMessage())
        .contains("cannot get customresourcedefinitions")
        .contains("k8s/service-cluster/");
  }

  @Test
  void aForbiddenHeartbeatMeansTheServerIsNotReadyYet() {
    ConnectionException e =
        Failures.classifyHeartbeat(new KubernetesClientException("Forbidden", 403, null), SERVER);
    assertThat(e.reason()).isEqualTo(Reasons.UNREACHABLE);
    assertThat(e.isTransient()).isTrue();
    assertThat(
            Failures.classifyHeartbeat(
                    new KubernetesClientException("Unauthorized", 401, null), SERVER)
                .reason())
        .isEqualTo(Reasons.UNAUTHORIZED);
  }

  @Test
  void tlsFailureAnywhereInTheChain() {
    ConnectionException e =
        Failures.classify(
            new KubernetesClientException(
                "failed",
                new RuntimeException(new SSLHandshakeException("PKIX path building failed"))),
            SERVER);
    assertThat(e.reason()).isEqualTo(Reasons.TLS_ERROR);
    assertThat(e.isTransient()).isFalse();
    assertThat(e.getMessage()).contains("PKIX").contains("certificate-authority-data");
  }

  @Test
  void noAnswerIsTransient() {
    for (Throwable cause :
        new Throwable[] {
          new ConnectException("Connection refused"),
          new SocketTimeoutException("timeout"),
          new UnknownHostException("eu"),
          new RuntimeException("request timed out")
        }) {
      ConnectionException e =
          Failures.classify(new KubernetesClientException("failed", cause), SERVER);
      assertThat(e.reason()).as(cause.toString()).isEqualTo(Reasons.UNREACHABLE);
      assertThat(e.isTransient()).isTrue();
      assertThat(e.getMessage()).contains(SERVER);
    }
  }

  @Test
  void anAnswerIsNeverUnreachable() {
    ConnectionException conflict =
        Failures.classify(
            new KubernetesClientException(
                "Conflict",
                409,
                new StatusBuilder().withMessage("the object has been modified").build()),
            SERVER);
    assertThat(conflict.reason()).isEqualTo(Reasons.REQUEST_REJECTED);
    assertThat(conflict.isTransient()).as("a conflict resolves on the next attempt").isTrue();
    assertThat(conflict.getMessage()).contains("HTTP 409").contains("has been modified");

    ConnectionException invalid =
        Failures.classify(
            new KubernetesClientException(
                "Invalid",
                422,
                new StatusBuilder().withMessage("spec.size: Invalid value: -1").build()),
            SERVER);
    assertThat(invalid.reason()).isEqualTo(Reasons.REQUEST_REJECTED);
    assertThat(invalid.isTransient()).as("the same request fails again").isFalse();
    assertThat(invalid.getMessage()).contains("HTTP 422").contains("spec.size");

    for (int code : new int[] {429, 500, 503}) {
      ConnectionException e =
          Failures.classify(new KubernetesClientException("failed", code, null), SERVER);
      assertThat(e.reason()).as("HTTP " + code).isEqualTo(Reasons.SERVER_ERROR);
      assertThat(e.isTransient()).isTrue();
      assertThat(e.getMessage()).contains("HTTP " + code).contains("reachable");
    }
  }

  @Test
  void connectionExceptionsPassThrough() {
    ConnectionException original = ConnectionException.permanent(Reasons.SECRET_NOT_FOUND, "gone");
    assertThat(Failures.classify(original, SERVER)).isSameAs(original);
  }
}
