package io.kubecarrier.operator.runtime;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.util.UUID;

/**
 * Leader election of an operator: a Lease of its own name in the namespace of its client
 * configuration, held under this process's {@link #IDENTITY}. The operator SDK activates it when a
 * {@link LeaderElectionConfiguration} bean exists and the profile is one of {@code
 * quarkus.operator-sdk.activate-leader-election-for-profiles} (default: prod); {@link LeaseRelease}
 * gives the Lease up when the process stops.
 */
public final class Leadership {

  /** This process's identity in leader election: the host (pod) name and a random suffix. */
  public static final String IDENTITY =
      System.getenv().getOrDefault("HOSTNAME", "kubecarrier")
          + "-"
          + UUID.randomUUID().toString().substring(0, 8);

  private Leadership() {}

  /**
   * The configuration to produce as a bean: the Lease {@code leaseName}, held as {@link #IDENTITY}.
   */
  public static LeaderElectionConfiguration configuration(String leaseName) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(leaseName)
        .withIdentity(IDENTITY)
        .build();
  }
}
