package io.kubecarrier.account;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** CDI producers: the clock every timestamp comes from, and the leader-election settings. */
public class Producers {

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The operator SDK activates leader election when this bean exists and the profile is one of
   * {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (default: prod). The Lease
   * lives in the namespace of the operator's client configuration.
   */
  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection(AccountOperatorConfig config) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaseName())
        .build();
  }
}
