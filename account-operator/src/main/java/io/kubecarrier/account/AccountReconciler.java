package io.kubecarrier.account;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kubecarrier.account.AccountRoleBindings.TenantBindingKept;
import io.kubecarrier.account.HubObjects.Found;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.account.AccountStatus;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.HubAccess;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.tenant.Tenant;
import io.kubecarrier.operator.events.ConditionEvents;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.operator.ownership.FinalizerRelease;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Accounts become namespaces with RBAC, and tenant accounts become Tenant objects in every provider
 * namespace. See {@code docs/account-operator.md}.
 */
@ControllerConfiguration(name = AccountReconciler.NAME, finalizerName = Finalizers.ACCOUNT_OPERATOR)
// the account namespace (cluster-scoped, created and deleted by the operator)
@RBACRule(
    apiGroups = "",
    resources = "namespaces",
    verbs = {"get", "list", "watch", "create", "patch", "delete"})
// RoleBindings in account namespaces; bind only the two account ClusterRoles and the hub
// operators' Secret roles (AccountRoles.BOUND_CLUSTER_ROLES). Writes to namespaces and
// RoleBindings are confined to account namespaces by the policies in
// src/main/kubernetes/kubernetes.yml (docs/security.md).
@RBACRule(
    apiGroups = "rbac.authorization.k8s.io",
    resources = "rolebindings",
    verbs = {"get", "list", "watch", "create", "patch", "delete"})
@RBACRule(
    apiGroups = "rbac.authorization.k8s.io",
    resources = "clusterroles",
    verbs = "bind",
    resourceNames = {
      AccountRoles.PROVIDER_CLUSTER_ROLE,
      AccountRoles.TENANT_CLUSTER_ROLE,
      HubAccess.REGISTRY_CREDENTIALS,
      HubAccess.AGENT_CREDENTIALS,
      HubAccess.AGENT_COPIES
    })
// Tenant objects in provider namespaces
@RBACRule(
    apiGroups = Tenant.GROUP,
    resources = Tenant.PLURAL,
    verbs = {"get", "list", "watch", "create", "patch", "delete"})
@RBACRule(apiGroups = Tenant.GROUP, resources = Tenant.PLURAL + "/status", verbs = "patch")
// hub objects of an account namespace: deleted with the account (their operators' finalizers do
// the teardown), listed while they hold its deletion; never Secrets, never tenant instances
@RBACRule(
    apiGroups = "kubecarrier.io",
    resources = {"serviceclusters", "serviceclusterassignments", "customresourcediscoveries"},
    verbs = {"get", "list", "delete"})
@RBACRule(
    apiGroups = "catalog.kubecarrier.io",
    resources = {"catalogentrysets", "catalogentries", "catalogs"},
    verbs = {"get", "list", "delete"})
@RBACRule(
    apiGroups = "apiextensions.k8s.io",
    resources = "customresourcedefinitions",
    verbs = {"get", "list"})
// events about Accounts (EventRecorder creates an event, then patches its count when it repeats)
@RBACRule(
    apiGroups = "",
    resources = "events",
    verbs = {"create", "patch"})
// leader election (prod): a namespaced Role in src/main/kubernetes/kubernetes.yml, because the
// SDK merges @RBACRules of one resource and would drop the resourceNames restriction
public final class AccountReconciler implements Reconciler<Account>, Cleaner<Account> {

  public static final String NAME = "account-operator";
  static final String NAMESPACES = "namespaces";
  static final String ROLE_BINDINGS = "rolebindings";
  static final String TENANTS = "tenants";
  static final String ACCOUNTS = "accounts";

  private static final Logger LOG = Logger.getLogger(AccountReconciler.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final EventRecorder events;
  private final AccountMetrics metrics;
  private final AccountOperatorConfig config;

  private InformerEventSource<Namespace, Account> namespaces;
  private InformerEventSource<Account, Account> accounts;

  public AccountReconciler(
      KubernetesClient client,
      Clock clock,
      EventRecorder events,
      AccountMetrics metrics,
      AccountOperatorConfig config) {
    this.client = client;
    this.clock = clock;
    this.events = events;
    this.metrics = metrics;
    this.config = config;
  }

  @Override
  public UpdateControl<Account> reconcile(Account account, Context<Account> context) {
    String name = account.getMetadata().getName();
    LOG.debugf(
        "account %s: reconciling generation %d", name, account.getMetadata().getGeneration());
    List<StepResult> steps = new ArrayList<>();
    StepResult namespace =
        AccountNamespace.ensure(client, account, namespaces.get(new ResourceID(name)));
    steps.add(namespace);
    TenantBindingKept kept = TenantBindingKept.NONE;
    if (namespace.isOk()) {
      Set<RoleBinding> bindings = context.getSecondaryResources(RoleBinding.class);
      kept = AccountRoleBindings.tenantBindingKept(client, account, bindings);
      steps.add(AccountRoleBindings.ensure(client, account, bindings, kept));
      ProviderTenants.ensure(
              client, clock, account, context.getSecondaryResources(Tenant.class), accounts.list())
          .ifPresent(steps::add);
    } else {
      steps.addAll(waitingForNamespace(account));
    }
    AccountStatus status = AccountStatusFactory.reconciled(account, steps, clock);
    metrics.record(account, status.isReady());
    UpdateControl<Account> control = patchIfChanged(account, status);
    boolean recheck = !status.isReady() || kept.kept();
    return recheck ? control.rescheduleAfter(config.recheckInterval()) : control;
  }

  /**
   * Deletion: the hub objects of the namespace are deleted and awaited (their operators tear them
   * down), tenant instances are awaited (their tenant deletes them) while the users keep their
   * access; then RBAC, the account's Tenants and the namespace go. See docs/account-operator.md.
   */
  @Override
  public DeleteControl cleanup(Account account, Context<Account> context) {
    String name = account.getMetadata().getName();
    Optional<Namespace> ns = Optional.ofNullable(client.namespaces().withName(name).get());
    if (AccountNamespace.classify(ns, name) == AccountNamespace.State.OURS) {
      List<Found> left = deleteHubObjects(name);
      if (!Holds.mayProceed(left)) {
        String message = Holds.deletionMessage(name, left);
        if (holdDeletion(account, context, Reasons.DEPENDENTS_EXIST, message)) {
          LOG.infof("account %s: %s", name, message);
        }
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(config.recheckInterval());
      }
      AccountRoleBindings.deleteAll(client, name);
    }
    boolean tenantsGone = ProviderTenants.deleteOwnedBy(client, name);
    boolean namespaceGone = AccountNamespace.delete(client, name);
    if (!tenantsGone || !namespaceGone) {
      holdDeletion(
          account,
          context,
          Reasons.DELETING,
          "access is revoked; waiting for Kubernetes to remove namespace "
              + name
              + " and the account's Tenant objects");
      return DeleteControl.noFinalizerRemoval().rescheduleAfter(config.recheckInterval());
    }
    LOG.infof("account %s: namespace, RBAC and Tenant objects are gone", name);
    metrics.forget(name);
    return FinalizerRelease.release(context, account);
  }

  /**
   * Deletes the hub objects of namespace {@code name} whose deletion has not begun, and returns
   * what is left there: hub objects being torn down, tenant instances.
   */
  private List<Found> deleteHubObjects(String name) {
    List<Found> found = HubObjects.list(client, name);
    return HubObjects.delete(client, name, found) > 0 ? HubObjects.list(client, name) : found;
  }

  @Override
  public ErrorStatusUpdateControl<Account> updateErrorStatus(
      Account account, Context<Account> context, Exception e) {
    LOG.warnf(e, "account %s: reconcile failed", account.getMetadata().getName());
    AccountStatus status = AccountStatusFactory.failed(account, e, clock);
    metrics.record(account, false);
    if (!AccountStatusFactory.changed(account, status)) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    ConditionEvents.report(events, account, account.getStatus(), status);
    return ErrorStatusUpdateControl.patchStatus(AccountStatusFactory.statusPatch(account, status));
  }

  @Override
  public List<EventSource<?, Account>> prepareEventSources(EventSourceContext<Account> context) {
    namespaces =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Namespace.class, Account.class)
                .withName(NAMESPACES)
                .withLabelSelector(Ownership.SELECTOR)
                .withSecondaryToPrimaryMapper(AccountMappers::byAccountLabel)
                .build(),
            context);
    InformerEventSource<RoleBinding, Account> roleBindings =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(RoleBinding.class, Account.class)
                .withName(ROLE_BINDINGS)
                .withWatchAllNamespaces()
                .withLabelSelector(Ownership.SELECTOR)
                .withSecondaryToPrimaryMapper(AccountMappers::byAccountLabel)
                .build(),
            context);
    InformerEventSource<Tenant, Account> tenants =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Tenant.class, Account.class)
                .withName(TENANTS)
                .withWatchAllNamespaces()
                .withLabelSelector(Ownership.SELECTOR)
                .withSecondaryToPrimaryMapper(AccountMappers::byNamespace)
                .build(),
            context);
    accounts =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Account.class, Account.class)
                .withName(ACCOUNTS)
                .withSecondaryToPrimaryMapper(
                    a -> AccountMappers.providers(context.getPrimaryCache().list()))
                .withOnAddFilter(ProviderTenants::isVisibleTenant)
                .withOnUpdateFilter(AccountMappers::changesTenantView)
                .withOnDeleteFilter((a, unknown) -> AccountMappers.concernsProviders(a))
                .build(),
            context);
    return List.of(namespaces, roleBindings, tenants, accounts);
  }

  private UpdateControl<Account> patchIfChanged(Account account, AccountStatus status) {
    if (!AccountStatusFactory.changed(account, status)) {
      return UpdateControl.noUpdate();
    }
    ConditionEvents.report(events, account, account.getStatus(), status);
    return UpdateControl.patchStatus(AccountStatusFactory.statusPatch(account, status));
  }

  /**
   * Writes Ready=False with why the deletion waits, if that changed.
   *
   * @return whether the status changed
   */
  private boolean holdDeletion(
      Account account, Context<Account> context, String reason, String message) {
    AccountStatus status =
        AccountStatusFactory.deleting(
            account, StepResult.failed(ConditionTypes.READY, reason, message), clock);
    metrics.record(account, false);
    if (!AccountStatusFactory.changed(account, status)) {
      return false;
    }
    ConditionEvents.report(events, account, account.getStatus(), status);
    context
        .resourceOperations()
        .serverSideApplyPrimaryStatus(AccountStatusFactory.statusPatch(account, status));
    return true;
  }

  private static List<StepResult> waitingForNamespace(Account account) {
    String name = account.getMetadata().getName();
    StepResult waiting =
        StepResult.waiting(
            ConditionTypes.RBAC_READY,
            Reasons.PROGRESSING,
            "waits for namespace " + name + " to belong to the account");
    if (!account.getSpec().hasRole(AccountRole.Provider)) {
      return List.of(waiting);
    }
    return List.of(
        waiting,
        StepResult.waiting(ConditionTypes.TENANTS_READY, waiting.reason(), waiting.message()));
  }
}
