package io.kubecarrier.operator.runtime;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The operator SDK's metrics on {@code /q/metrics}: {@code reconciliations_*}, {@code
 * events_received_total}, {@code custom_resources}, labelled {@code controller_name} only.
 *
 * <p>Quarkus Operator SDK 7.7.3 hands the operator {@code Metrics.NOOP} in a packaged (prod) run:
 * its default producer reads the metrics before Micrometer has bound them
 * (quarkiverse/quarkus-operator-sdk#1385, fixed upstream by #1389 after 7.7.3). This bean replaces
 * that {@code @DefaultBean} with the same V2 metrics built on the injected registry; drop it once
 * the SDK is upgraded. MonitoringIT (e2e) sees the metrics of the packaged operators.
 */
@Singleton
public class OperatorSdkMetrics {

  @Produces
  @Singleton
  Metrics operatorSdkMetrics(MeterRegistry registry) {
    return MicrometerMetricsV2.newBuilder(registry).build();
  }
}
