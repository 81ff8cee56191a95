package io.kubecarrier.registry.support;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import jakarta.inject.Singleton;

/**
 * Leader election over the Lease {@value #LEASE_NAME} in the operator's namespace. The operator SDK
 * activates it in the {@code prod} profile; the Lease rights come from the Role {@code
 * cluster-registry-leader-election} declared in application.properties.
 */
@Singleton
public class RegistryLeaderElection extends LeaderElectionConfiguration {

  public static final String LEASE_NAME = "cluster-registry-leader";

  public RegistryLeaderElection() {
    super(LEASE_NAME);
  }
}
