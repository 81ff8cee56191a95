package io.kubecarrier.operator.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ApiErrorsTest {

  private static KubernetesClientException answered(int code, String message) {
    return new KubernetesClientException(
        "Failure executing: PUT at: https://x/api/v1/... Message: " + message,
        code,
        new StatusBuilder().withMessage(message).build());
  }

  @Test
  void theApiServersMessageWithoutTheRequestNoise() {
    KubernetesClientException e = answered(422, "spec.size: Invalid value");
    assertThat(ApiErrors.message(e)).isEqualTo("spec.size: Invalid value");
    assertThat(ApiErrors.describe(e)).isEqualTo("spec.size: Invalid value (HTTP 422)");
    assertThat(ApiErrors.isRejected(e)).isTrue();
    assertThat(ApiErrors.isConnectionError(e)).isFalse();
  }

  @Test
  void aForbiddenSaysWhatToInstall() {
    assertThat(ApiErrors.describe(answered(403, "cannot create roles")))
        .contains("cannot create roles")
        .contains("k8s/rbac/");
    assertThat(ApiErrors.isForbidden(answered(403, "x"))).isTrue();
  }

  @Test
  void noAnswerIsAConnectionError() {
    KubernetesClientException e =
        new KubernetesClientException("failed", new ConnectException("Connection refused"));
    assertThat(ApiErrors.isConnectionError(e)).isTrue();
    assertThat(ApiErrors.code(e)).isZero();
    assertThat(ApiErrors.message(e)).isEqualTo("Connection refused");
    assertThat(ApiErrors.isConnectionError(new IllegalStateException("bug"))).isFalse();
  }

  @Test
  void codes() {
    assertThat(ApiErrors.isNotFound(answered(404, "x"))).isTrue();
    assertThat(ApiErrors.isConflict(answered(409, "x"))).isTrue();
    assertThat(ApiErrors.message(new RuntimeException("y".repeat(2000)))).hasSize(1000);
  }
}
