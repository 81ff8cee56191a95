package io.kubecarrier.catalog;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Install settings of the catalog operator ({@code kubecarrier.*}). */
@ConfigMapping(prefix = "kubecarrier")
public interface CatalogOperatorConfig {

  /**
   * The hub domain: tenant-facing CRDs get the group {@code <provider>.<hub domain>} unless a
   * CatalogEntrySet overrides it. Changing it on a running hub gives every entry a new tenant CRD.
   */
  @WithDefault("hub.kubecarrier.io")
  String hubDomain();

  /** Settings of this operator. */
  CatalogOperator catalogOperator();

  /** {@code kubecarrier.catalog-operator.*}. */
  interface CatalogOperator {

    /**
     * How soon an object that waits for something the operator does not watch (instances of a
     * tenant CRD that block a deletion) is looked at again.
     */
    @WithDefault("15s")
    Duration recheckInterval();

    /** Name of the Lease used for leader election (in the operator's namespace). */
    @WithDefault("catalog-operator")
    String leaseName();

    /**
     * The ClusterRole (installed with the operator, bound to its ServiceAccount) in which the
     * operator keeps the rules for the tenant CRDs it made: it needs them to publish them to
     * tenants through Roles and to see whether instances exist before deleting a CRD.
     */
    @WithDefault(TenantCrdAccess.CLUSTER_ROLE)
    String tenantCrdsClusterRole();
  }
}
