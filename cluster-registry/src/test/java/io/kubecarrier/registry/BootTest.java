package io.kubecarrier.registry;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import io.kubecarrier.registry.assignment.ServiceClusterAssignmentReconciler;
import io.kubecarrier.registry.discovery.CustomResourceDiscoveryReconciler;
import io.kubecarrier.registry.servicecluster.ServiceClusterReconciler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration check on the mock server: the application boots and serves health and metrics. */
@QuarkusTest
@WithKubernetesTestServer
class BootTest {

  @Inject Operator operator;

  @Test
  void failedReconciliationsAreRetriedForeverWithBackOffUpToAMinute() {
    for (String name :
        List.of(
            ServiceClusterReconciler.NAME,
            ServiceClusterAssignmentReconciler.NAME,
            CustomResourceDiscoveryReconciler.NAME)) {
      GenericRetry retry =
          (GenericRetry)
              operator.getRegisteredController(name).orElseThrow().getConfiguration().getRetry();
      assertThat(retry.getMaxAttempts()).as(name).isEqualTo(-1);
      assertThat(retry.getMaxInterval()).as(name).isEqualTo(60_000);
    }
  }

  @Test
  void servesHealthAndMetrics() {
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
  }
}
