package io.kubecarrier.propagation;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.kubecarrier.operator.runtime.Leadership;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI producers of the agent: the leader-election settings (the rest is in operator-common). */
public class Producers {

  /**
   * The operator SDK activates leader election when this bean exists and the profile is one of
   * {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (default: prod). Only the
   * leader reconciles CatalogEntries, so only the leader starts informers and propagates.
   * operator-common's {@code LeaseRelease} gives this Lease up when the agent stops.
   */
  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection(AgentConfig config) {
    return Leadership.configuration(config.leaseName());
  }
}
