package io.kubecarrier.account;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.kubecarrier.operator.runtime.Leadership;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The leader-election settings: the Lease {@code kubecarrier.account-operator.lease-name}, held as
 * {@link Leadership#IDENTITY}. The operator SDK activates leader election when this bean exists and
 * the profile is one of {@code quarkus.operator-sdk.activate-leader-election-for-profiles}
 * (default: prod); operator-common's {@code LeaseRelease} gives the Lease up on shutdown. The clock
 * and the event recorder come from operator-common's {@code RuntimeProducers}.
 */
public class Producers {

  @Produces
  @Singleton
  LeaderElectionConfiguration leaderElection(AccountOperatorConfig config) {
    return Leadership.configuration(config.leaseName());
  }
}
