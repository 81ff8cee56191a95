package io.kubecarrier.registry;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.kubecarrier.operator.runtime.Leadership;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The registry's own beans; the shared ones (clock, event recorder, SDK metrics, Lease release)
 * come from operator-common.
 */
public class Producers {

  /** The Lease of the registry's leader election, in the operator's namespace. */
  public static final String LEASE_NAME = "cluster-registry-leader";

  /**
   * Leader election over {@value #LEASE_NAME} (active in the {@code prod} profile); its rights come
   * from the Role {@code cluster-registry-leader-election} declared in application.properties.
   */
  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection() {
    return Leadership.configuration(LEASE_NAME);
  }
}
