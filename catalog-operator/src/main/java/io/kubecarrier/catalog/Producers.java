package io.kubecarrier.catalog;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.kubecarrier.operator.runtime.Leadership;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The leader-election settings (the clock, the event recorder and the SDK's metrics come from
 * operator-common's {@code RuntimeProducers} and {@code OperatorSdkMetrics}).
 */
public class Producers {

  /**
   * The operator SDK activates leader election when this bean exists and the profile is one of
   * {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (default: prod). The Lease
   * lives in the namespace of the operator's client configuration; operator-common's {@code
   * LeaseRelease} gives it up on shutdown.
   */
  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection(CatalogOperatorConfig config) {
    return Leadership.configuration(config.catalogOperator().leaseName());
  }
}
