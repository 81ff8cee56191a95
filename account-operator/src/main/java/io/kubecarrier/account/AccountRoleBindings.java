package io.kubecarrier.account;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.account.HubObjects.Found;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.HubAccess;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.operator.ownership.Metadata;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The RoleBindings of an Account: one per role, in the account namespace, binding the role's
 * ClusterRole ({@link AccountRoles}) to {@code spec.subjects}; and the hub operators' Secret rights
 * that go with those roles ({@link HubAccess}). Bindings of roles the account no longer has are
 * deleted, and removed subjects are dropped, so access is revoked both ways. One exception: the
 * {@code kubecarrier:tenant} binding of an account that lost the Tenant role is kept (labelled
 * {@code kubecarrier.io/withdrawn}) while tenant instances remain in its namespace, so the tenant
 * keeps reading what it needs until it has deleted them ({@link TenantBindingKept}).
 */
public final class AccountRoleBindings {

  private static final Logger LOG = Logger.getLogger(AccountRoleBindings.class);
  private static final String RBAC_GROUP = "rbac.authorization.k8s.io";

  private AccountRoleBindings() {}

  /**
   * The tenant instances that keep the {@code kubecarrier:tenant} RoleBinding of an account without
   * the Tenant role; empty when nothing is kept.
   */
  public record TenantBindingKept(List<Found> instances) {

    /** Nothing kept. */
    public static final TenantBindingKept NONE = new TenantBindingKept(List.of());

    /** Whether the binding is kept (and so has to be checked again). */
    public boolean kept() {
      return !instances.isEmpty();
    }
  }

  /**
   * Whether the account has lost the Tenant role while its {@code kubecarrier:tenant} RoleBinding
   * is still there: only then is it worth looking for tenant instances that keep the binding.
   *
   * @param existing the managed RoleBindings of the account (informer cache)
   */
  public static boolean tenantBindingWithoutRole(
      Account account, Collection<RoleBinding> existing) {
    String name = account.getMetadata().getName();
    String tenantBinding = AccountRoles.roleBinding(AccountRole.Tenant);
    return !account.getSpec().hasRole(AccountRole.Tenant)
        && existing.stream()
            .anyMatch(
                rb ->
                    name.equals(rb.getMetadata().getNamespace())
                        && tenantBinding.equals(rb.getMetadata().getName()));
  }

  /**
   * The tenant instances in the account namespace that keep its {@code kubecarrier:tenant}
   * RoleBinding after the Tenant role was removed ({@link TenantBindingKept#NONE} when the account
   * has the role or no such binding). Instances that cannot be checked count as remaining.
   */
  public static TenantBindingKept tenantBindingKept(
      KubernetesClient client, Account account, Collection<RoleBinding> existing) {
    if (!tenantBindingWithoutRole(account, existing)) {
      return TenantBindingKept.NONE;
    }
    return new TenantBindingKept(
        HubObjects.tenantInstances(client, account.getMetadata().getName()));
  }

  /** The RoleBindings as the operator wants them, one per role of the account. */
  public static List<RoleBinding> desired(Account account) {
    return desired(account, TenantBindingKept.NONE);
  }

  /**
   * The RoleBindings as the operator wants them: one per role of the account, plus the {@code
   * kubecarrier:tenant} binding (labelled withdrawn) while {@code kept}.
   */
  public static List<RoleBinding> desired(Account account, TenantBindingKept kept) {
    return desired(account, kept, false);
  }

  /**
   * The RoleBindings as the operator wants them: one per role of the account, plus the {@code
   * kubecarrier:tenant} binding (labelled withdrawn) while {@code kept}; plus the hub operators'
   * Secret bindings of the roles ({@link HubAccess#PROVIDER_GRANTS} for Provider, {@link
   * HubAccess#TENANT_GRANTS} for Tenant, also while the tenant binding is kept), and the Provider
   * ones also while {@code serviceClustersLeft} (the Provider role is gone, its ServiceClusters are
   * not: the registry and the agent still need their kubeconfigs to serve and tear them down).
   */
  public static List<RoleBinding> desired(
      Account account, TenantBindingKept kept, boolean serviceClustersLeft) {
    String name = account.getMetadata().getName();
    List<Subject> subjects =
        account.getSpec().getSubjects().stream()
            .map(io.kubecarrier.api.common.Subject::toFabric8)
            .toList();
    boolean withdrawn = kept.kept() && !account.getSpec().hasRole(AccountRole.Tenant);
    Stream<AccountRole> roles =
        withdrawn
            ? Stream.concat(account.getSpec().getRoles().stream(), Stream.of(AccountRole.Tenant))
            : account.getSpec().getRoles().stream();
    List<AccountRole> bound = roles.distinct().sorted().toList();
    List<RoleBinding> out = new java.util.ArrayList<>();
    bound.forEach(
        role -> out.add(binding(name, role, subjects, withdrawn && role == AccountRole.Tenant)));
    Map<String, String> grants = new java.util.TreeMap<>();
    if (bound.contains(AccountRole.Provider) || serviceClustersLeft) {
      grants.putAll(HubAccess.PROVIDER_GRANTS);
    }
    if (bound.contains(AccountRole.Tenant)) {
      grants.putAll(HubAccess.TENANT_GRANTS);
    }
    grants.forEach(
        (clusterRole, serviceAccount) -> out.add(hubBinding(name, clusterRole, serviceAccount)));
    return out;
  }

  /**
   * The RoleBinding that gives a hub operator ({@code serviceAccount} in {@link
   * HubAccess#NAMESPACE}) its Secret rights ({@code clusterRole}) in the account namespace: the
   * operators hold no right on Secrets outside account namespaces.
   */
  private static RoleBinding hubBinding(String account, String clusterRole, String serviceAccount) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(clusterRole)
        .withNamespace(account)
        .withLabels(Ownership.labels(account))
        .endMetadata()
        .withRoleRef(new RoleRef(RBAC_GROUP, "ClusterRole", clusterRole))
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(serviceAccount)
        .withNamespace(HubAccess.NAMESPACE)
        .endSubject()
        .build();
  }

  private static RoleBinding binding(
      String account, AccountRole role, List<Subject> subjects, boolean withdrawn) {
    Map<String, String> labels = new LinkedHashMap<>(Ownership.labels(account));
    if (withdrawn) {
      labels.put(Labels.WITHDRAWN, Labels.WITHDRAWN_TRUE);
    }
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(AccountRoles.roleBinding(role))
        .withNamespace(account)
        .withLabels(labels)
        .endMetadata()
        .withRoleRef(new RoleRef(RBAC_GROUP, "ClusterRole", AccountRoles.clusterRole(role)))
        .withSubjects(subjects)
        .build();
  }

  /**
   * Whether {@code actual} already is {@code desired}: same roleRef, same subjects in the same
   * order, the ownership labels, and the withdrawn label exactly when desired.
   */
  public static boolean matches(RoleBinding actual, RoleBinding desired) {
    return Metadata.hasLabels(actual, desired.getMetadata().getLabels())
        && Objects.equals(
            Metadata.label(actual, Labels.WITHDRAWN), Metadata.label(desired, Labels.WITHDRAWN))
        && Objects.equals(actual.getRoleRef().getName(), desired.getRoleRef().getName())
        && Objects.equals(actual.getRoleRef().getKind(), desired.getRoleRef().getKind())
        && normalized(actual.getSubjects()).equals(normalized(desired.getSubjects()));
  }

  private static List<List<String>> normalized(List<Subject> subjects) {
    return subjects == null
        ? List.of()
        : subjects.stream()
            .map(
                s ->
                    java.util.Arrays.asList(
                        s.getKind(),
                        blankToNull(s.getApiGroup()),
                        s.getName(),
                        blankToNull(s.getNamespace())))
            .toList();
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * Applies the wanted RoleBindings and deletes the unwanted ones among {@code existing} (the
   * managed RoleBindings of the account, from the informer cache); the {@code kubecarrier:tenant}
   * binding stays while {@code kept}.
   */
  public static StepResult ensure(
      KubernetesClient client,
      Account account,
      Collection<RoleBinding> existing,
      TenantBindingKept kept) {
    String name = account.getMetadata().getName();
    Map<String, RoleBinding> actual =
        existing.stream()
            .filter(rb -> name.equals(rb.getMetadata().getNamespace()))
            .collect(Collectors.toMap(rb -> rb.getMetadata().getName(), Function.identity()));
    String current = "";
    try {
      boolean serviceClustersLeft =
          !account.getSpec().hasRole(AccountRole.Provider)
              && actual.containsKey(HubAccess.REGISTRY_CREDENTIALS)
              && !client
                  .resources(ServiceCluster.class)
                  .inNamespace(name)
                  .list()
                  .getItems()
                  .isEmpty();
      List<RoleBinding> desired = desired(account, kept, serviceClustersLeft);
      for (RoleBinding want : desired) {
        current = want.getMetadata().getName();
        RoleBinding have = actual.get(current);
        if (have != null && matches(have, want)) {
          continue;
        }
        if (have != null && !have.getRoleRef().getName().equals(want.getRoleRef().getName())) {
          // roleRef is immutable: replace the binding
          client.resource(have).delete();
        }
        client
            .resource(want)
            .fieldManager(Ownership.FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
        LOG.infof(
            "account %s: applied RoleBinding %s/%s%s",
            name,
            name,
            current,
            Metadata.label(want, Labels.WITHDRAWN) == null
                ? ""
                : " (kept for " + kept.instances().size() + " tenant instance(s))");
      }
      Set<String> wanted =
          desired.stream().map(rb -> rb.getMetadata().getName()).collect(Collectors.toSet());
      for (RoleBinding have : actual.values()) {
        if (!wanted.contains(have.getMetadata().getName())) {
          current = have.getMetadata().getName();
          client.resource(have).delete();
          LOG.infof("account %s: deleted RoleBinding %s/%s", name, name, current);
        }
      }
    } catch (KubernetesClientException e) {
      LOG.warnf(e, "account %s: RoleBinding %s/%s failed", name, name, current);
      return StepResult.failed(
          ConditionTypes.RBAC_READY,
          Reasons.RBAC_FAILED,
          "RoleBinding "
              + name
              + "/"
              + current
              + " could not be written: "
              + ApiErrors.describe(e)
              + "; the account-operator must hold bind on "
              + AccountRoles.BOUND_CLUSTER_ROLES
              + " (k8s/rbac/account-operator.yaml), and those ClusterRoles must exist (k8s/rbac/)");
    }
    return StepResult.ok(
        ConditionTypes.RBAC_READY, Reasons.RBAC_APPLIED, appliedMessage(account, kept));
  }

  /** RBACReady message once the bindings are applied. */
  static String appliedMessage(Account account, TenantBindingKept kept) {
    String name = account.getMetadata().getName();
    String applied =
        "roles "
            + account.getSpec().getRoles().stream().distinct().sorted().map(Enum::name).toList()
            + " are bound to "
            + account.getSpec().getSubjects().size()
            + " subject(s) in namespace "
            + name;
    return kept.kept() && !account.getSpec().hasRole(AccountRole.Tenant)
        ? applied + "; " + Holds.tenantBindingKept(name, kept.instances())
        : applied;
  }

  /** Deletes every managed RoleBinding in the account namespace: access ends at once. */
  public static void deleteAll(KubernetesClient client, String account) {
    for (RoleBinding rb :
        client
            .rbac()
            .roleBindings()
            .inNamespace(account)
            .withLabelSelector(Ownership.selector(account))
            .list()
            .getItems()) {
      client.resource(rb).delete();
      LOG.infof(
          "account %s: deleted RoleBinding %s/%s", account, account, rb.getMetadata().getName());
    }
  }
}
