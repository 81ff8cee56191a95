package io.kubecarrier.api.common;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Secret rights of the hub operators, which hold none cluster-wide: the account operator binds
 * each of these ClusterRoles (installed with the operator that uses it, {@code k8s/rbac/}) to that
 * operator's ServiceAccount in account namespaces (by the account's roles), with a RoleBinding of
 * the same name. The cluster registry and the propagation agent read the kubeconfig Secrets that
 * providers keep in their namespaces; the agent writes the connection Secret and related resource
 * copies next to tenant instances and reads the tenants' Secrets and ConfigMaps it copies down.
 */
public final class HubAccess {

  /** Namespace of the hub operators' ServiceAccounts. */
  public static final String NAMESPACE = "kubecarrier-system";

  /** The registry's: get Secrets. */
  public static final String REGISTRY_CREDENTIALS = "cluster-registry-credentials";

  /** The agent's: get Secrets. */
  public static final String AGENT_CREDENTIALS = "propagation-agent-credentials";

  /**
   * The agent's: get, list, watch, create, patch, delete Secrets and ConfigMaps (reads the sources
   * of related resources copied down; writes its copies only, by admission policy).
   */
  public static final String AGENT_COPIES = "propagation-agent-copies";

  /**
   * Bound in the namespace of an account with the Provider role (ClusterRole = RoleBinding name →
   * ServiceAccount): the kubeconfig Secrets of its ServiceClusters.
   */
  public static final Map<String, String> PROVIDER_GRANTS =
      Collections.unmodifiableMap(
          new TreeMap<>(
              Map.of(
                  REGISTRY_CREDENTIALS, "cluster-registry",
                  AGENT_CREDENTIALS, "propagation-agent")));

  /**
   * Bound in the namespace of an account with the Tenant role: the connection Secret and related
   * resource copies, and the sources of related resources copied down.
   */
  public static final Map<String, String> TENANT_GRANTS = Map.of(AGENT_COPIES, "propagation-agent");

  /** Every grant. */
  public static final Map<String, String> GRANTS = all();

  private static Map<String, String> all() {
    Map<String, String> all = new TreeMap<>(PROVIDER_GRANTS);
    all.putAll(TENANT_GRANTS);
    return Collections.unmodifiableMap(all);
  }

  private HubAccess() {}
}
