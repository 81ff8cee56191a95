package io.kubecarrier.account;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Static mappers and filters of the event sources, kept here so they are tested alone. */
public final class AccountMappers {

  private AccountMappers() {}

  /** A managed Namespace or RoleBinding → the Account named in its ownership label. */
  public static Set<ResourceID> byAccountLabel(HasMetadata object) {
    return Ownership.accountOf(object).map(a -> Set.of(new ResourceID(a))).orElse(Set.of());
  }

  /** A Tenant → the provider Account whose namespace holds it. */
  public static Set<ResourceID> byNamespace(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return ns == null ? Set.of() : Set.of(new ResourceID(ns));
  }

  /** A change of a (tenant) Account → every provider Account, whose Tenants may change. */
  public static Set<ResourceID> providers(Stream<Account> accounts) {
    return accounts
        .filter(a -> a.getSpec() != null && a.getSpec().hasRole(AccountRole.Provider))
        .map(a -> new ResourceID(a.getMetadata().getName()))
        .collect(Collectors.toSet());
  }

  /**
   * Whether an update of an Account changes what providers see of it: the Tenant role, readiness,
   * deletion, or the texts copied into its Tenant objects.
   */
  public static boolean changesTenantView(Account newer, Account older) {
    return ProviderTenants.isVisibleTenant(newer) != ProviderTenants.isVisibleTenant(older)
        || (ProviderTenants.isVisibleTenant(newer)
            && !Objects.equals(newer.getSpec().getMetadata(), older.getSpec().getMetadata()));
  }

  /** Whether an Account that appears or goes concerns providers at all. */
  public static boolean concernsProviders(Account account) {
    return account.getSpec() != null && account.getSpec().hasRole(AccountRole.Tenant);
  }
}
