package io.kubecarrier.propagation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.kubecarrier.propagation.registry.CatalogEntryReconciler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Configuration check on the mock server: the application boots and serves health and metrics. */
@QuarkusTest
@WithKubernetesTestServer
class BootTest {

  @Inject Operator operator;

  @Test
  void failedReconciliationsAreRetriedForeverWithBackOffUpToAMinute() {
    GenericRetry retry =
        (GenericRetry)
            operator
                .getRegisteredController(CatalogEntryReconciler.NAME)
                .orElseThrow()
                .getConfiguration()
                .getRetry();
    assertThat(retry.getMaxAttempts()).isEqualTo(-1);
    assertThat(retry.getMaxInterval()).isEqualTo(60_000);
  }

  @Test
  void servesHealthAndMetrics() {
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
  }
}
