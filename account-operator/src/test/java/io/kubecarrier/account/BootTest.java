package io.kubecarrier.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

/** Configuration check on the mock server: the application boots and serves health and metrics. */
@QuarkusTest
@WithKubernetesTestServer
class BootTest {

  @Test
  void servesHealthAndMetrics() {
    given().get("/q/health/live").then().statusCode(200);
    given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
  }
}
