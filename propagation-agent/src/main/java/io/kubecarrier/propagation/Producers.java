package io.kubecarrier.propagation;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** CDI producers: the clock every timestamp comes from, and the leader-election settings. */
public class Producers {

  /** This process's identity in leader election (host name and a random suffix). */
  static final String IDENTITY =
      System.getenv().getOrDefault("HOSTNAME", "propagation-agent")
          + "-"
          + java.util.UUID.randomUUID().toString().substring(0, 8);

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * The operator SDK activates leader election when this bean exists and the profile is one of
   * {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (default: prod). Only the
   * leader reconciles CatalogEntries, so only the leader starts informers and propagates.
   */
  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection(AgentConfig config) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(config.leaseName())
        .withIdentity(IDENTITY)
        .build();
  }
}
