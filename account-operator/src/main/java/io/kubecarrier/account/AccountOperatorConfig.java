package io.kubecarrier.account;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Install settings of the account operator ({@code kubecarrier.account-operator.*}). */
@ConfigMapping(prefix = "kubecarrier.account-operator")
public interface AccountOperatorConfig {

  /**
   * How soon an Account that waits for something the operator does not watch is looked at again: a
   * foreign namespace of its name, a namespace still terminating, hub objects that hold its
   * deletion.
   */
  @WithDefault("30s")
  Duration recheckInterval();

  /** Name of the Lease used for leader election (in the operator's namespace). */
  @WithDefault("account-operator")
  String leaseName();
}
