package io.kubecarrier.account;

import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.common.HubAccess;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The ClusterRoles that hold the permissions of an account role, and the RoleBindings that grant
 * them in an account namespace. The ClusterRoles are installed with the operator ({@code
 * src/main/kubernetes/kubernetes.yml}, generated into {@code k8s/rbac/account-operator.yaml}); the
 * operator only binds them, through the {@code bind} verb restricted to exactly these names.
 */
public final class AccountRoles {

  /** ClusterRole of the Provider role. */
  public static final String PROVIDER_CLUSTER_ROLE = "kubecarrier:provider";

  /** ClusterRole of the Tenant role. */
  public static final String TENANT_CLUSTER_ROLE = "kubecarrier:tenant";

  /** Every ClusterRole the operator binds (it holds {@code bind} on exactly these). */
  public static final List<String> BOUND_CLUSTER_ROLES =
      Stream.concat(
              Stream.of(PROVIDER_CLUSTER_ROLE, TENANT_CLUSTER_ROLE),
              HubAccess.GRANTS.keySet().stream())
          .toList();

  private AccountRoles() {}

  /** Name of the ClusterRole that holds the permissions of {@code role}. */
  public static String clusterRole(AccountRole role) {
    return "kubecarrier:" + role.name().toLowerCase(Locale.ROOT);
  }

  /** Name of the RoleBinding in the account namespace that grants {@code role}. */
  public static String roleBinding(AccountRole role) {
    return clusterRole(role);
  }
}
