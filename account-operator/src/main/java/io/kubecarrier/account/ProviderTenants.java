package io.kubecarrier.account;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.tenant.Tenant;
import io.kubecarrier.api.tenant.TenantSpec;
import io.kubecarrier.api.tenant.TenantStatus;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.operator.ownership.Metadata;
import io.kubecarrier.operator.status.StatusPatches;
import java.time.Clock;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The Tenant objects in a provider namespace: one per Ready tenant account, named after it and
 * labelled with it ({@code kubecarrier.io/account=<tenant>}). Applied with server-side apply under
 * the operator's field manager, so labels that the provider adds (to select tenants in Catalogs)
 * stay. Tenants of accounts that are gone, deleting, not Ready or no longer tenants are deleted.
 */
public final class ProviderTenants {

  private static final Logger LOG = Logger.getLogger(ProviderTenants.class);
  private static final int LISTED_NAMES = 10;

  private ProviderTenants() {}

  /** Whether a Tenant for {@code account} belongs in provider namespaces. */
  public static boolean isVisibleTenant(Account account) {
    return account.getSpec() != null
        && account.getSpec().hasRole(AccountRole.Tenant)
        && account.getMetadata().getDeletionTimestamp() == null
        && account.getStatus() != null
        && account.getStatus().isReady();
  }

  /** The Tenants the provider namespace {@code provider} should hold, sorted by name. */
  public static List<Tenant> desired(String provider, Stream<Account> accounts) {
    return accounts
        .filter(ProviderTenants::isVisibleTenant)
        .map(a -> tenant(provider, a))
        .sorted(Comparator.comparing(t -> t.getMetadata().getName()))
        .toList();
  }

  static Tenant tenant(String provider, Account tenantAccount) {
    String name = tenantAccount.getMetadata().getName();
    Tenant t = new Tenant();
    t.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(provider)
            .withLabels(Ownership.labels(name))
            .build());
    TenantSpec spec = new TenantSpec();
    spec.setMetadata(tenantAccount.getSpec().getMetadata());
    t.setSpec(spec);
    return t;
  }

  /** Whether {@code actual} already carries the spec and ownership labels of {@code desired}. */
  public static boolean matches(Tenant actual, Tenant desired) {
    return Metadata.hasLabels(actual, desired.getMetadata().getLabels())
        && Objects.equals(actual.getSpec(), desired.getSpec());
  }

  /**
   * Syncs the Tenants of provider {@code account}. For an account without the Provider role, every
   * managed Tenant in its namespace is deleted and the result is empty (no TenantsReady condition).
   *
   * @param existing managed Tenants in the provider namespace (informer cache)
   * @param accounts every Account (informer cache)
   */
  public static Optional<StepResult> ensure(
      KubernetesClient client,
      Clock clock,
      Account account,
      Collection<Tenant> existing,
      Stream<Account> accounts) {
    String provider = account.getMetadata().getName();
    List<Tenant> desired =
        account.getSpec().hasRole(AccountRole.Provider) ? desired(provider, accounts) : List.of();
    Map<String, Tenant> actual =
        existing.stream()
            .filter(t -> provider.equals(t.getMetadata().getNamespace()))
            .filter(Ownership::isManaged)
            .collect(Collectors.toMap(t -> t.getMetadata().getName(), Function.identity()));
    String current = "";
    try {
      for (Tenant want : desired) {
        current = want.getMetadata().getName();
        Tenant have = actual.get(current);
        if (have == null || !matches(have, want)) {
          have =
              client
                  .resource(want)
                  .fieldManager(Ownership.FIELD_MANAGER)
                  .forceConflicts()
                  .serverSideApply();
          LOG.infof("account %s: applied Tenant %s/%s", provider, provider, current);
        }
        applyStatus(client, clock, have);
      }
      Set<String> wanted =
          desired.stream().map(t -> t.getMetadata().getName()).collect(Collectors.toSet());
      for (Tenant have : actual.values()) {
        if (!wanted.contains(have.getMetadata().getName())) {
          current = have.getMetadata().getName();
          client.resource(have).delete();
          LOG.infof("account %s: deleted Tenant %s/%s", provider, provider, current);
        }
      }
    } catch (KubernetesClientException e) {
      LOG.warnf(e, "account %s: Tenant %s/%s failed", provider, provider, current);
      return Optional.of(
          StepResult.failed(
              ConditionTypes.TENANTS_READY,
              Reasons.RECONCILE_ERROR,
              "Tenant "
                  + provider
                  + "/"
                  + current
                  + " could not be written: "
                  + ApiErrors.describe(e)
                  + "; the operator retries"));
    }
    if (!account.getSpec().hasRole(AccountRole.Provider)) {
      return Optional.empty();
    }
    List<String> names = desired.stream().map(t -> t.getMetadata().getName()).toList();
    String listed =
        names.size() <= LISTED_NAMES
            ? String.join(", ", names)
            : String.join(", ", names.subList(0, LISTED_NAMES)) + ", …";
    return Optional.of(
        StepResult.ok(
            ConditionTypes.TENANTS_READY,
            Reasons.TENANTS_SYNCED,
            names.isEmpty()
                ? "no tenant account is ready yet; Tenants appear here as tenant accounts become"
                    + " Ready"
                : names.size() + " Tenant(s) in namespace " + provider + ": " + listed));
  }

  /** Sets {@code Ready=True} on a Tenant, if it is not already. */
  static void applyStatus(KubernetesClient client, Clock clock, Tenant tenant) {
    TenantStatus status =
        Objects.requireNonNullElseGet(StatusPatches.copy(tenant.getStatus()), TenantStatus::new);
    Long generation = tenant.getMetadata().getGeneration();
    status.setObservedGeneration(generation);
    status.setCondition(
        Condition.ofTrue(
                ConditionTypes.READY,
                Reasons.READY,
                "the tenant account " + tenant.getMetadata().getName() + " is ready")
            .withObservedGeneration(generation),
        clock);
    StatusPatches.applyIfChanged(client, tenant, status, Tenant::new, Ownership.FIELD_MANAGER);
  }

  /**
   * Deletes the Tenants of tenant account {@code account} in every provider namespace.
   *
   * @return {@code true} once none is left
   */
  public static boolean deleteOwnedBy(KubernetesClient client, String account) {
    List<Tenant> left =
        client
            .resources(Tenant.class)
            .inAnyNamespace()
            .withLabelSelector(Ownership.selector(account))
            .list()
            .getItems();
    for (Tenant t : left) {
      if (t.getMetadata().getDeletionTimestamp() == null) {
        client.resource(t).delete();
        LOG.infof(
            "account %s: deleted Tenant %s/%s",
            account, t.getMetadata().getNamespace(), t.getMetadata().getName());
      }
    }
    return left.isEmpty();
  }
}
