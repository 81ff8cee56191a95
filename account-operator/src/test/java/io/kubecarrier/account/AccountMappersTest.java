package io.kubecarrier.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.tenant.Tenant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AccountMappersTest {

  @Test
  void managedObjectsMapToTheirAccount() {
    Namespace ns =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("acme")
            .withLabels(Ownership.labels("acme"))
            .endMetadata()
            .build();
    assertThat(AccountMappers.byAccountLabel(ns)).containsExactly(new ResourceID("acme"));
    Namespace foreign =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("acme")
            .withLabels(Map.of("kubecarrier.io/account", "acme"))
            .endMetadata()
            .build();
    assertThat(AccountMappers.byAccountLabel(foreign)).isEmpty();
  }

  @Test
  void aTenantMapsToTheProviderWhoseNamespaceHoldsIt() {
    Tenant t =
        ProviderTenants.tenant("prov", ProviderTenantsTest.account("t", true, AccountRole.Tenant));
    assertThat(AccountMappers.byNamespace(t)).containsExactly(new ResourceID("prov"));
  }

  @Test
  void anAccountChangeMapsToEveryProvider() {
    assertThat(
            AccountMappers.providers(
                Stream.of(
                    ProviderTenantsTest.account("p", false, AccountRole.Provider),
                    ProviderTenantsTest.account("t", true, AccountRole.Tenant),
                    ProviderTenantsTest.account(
                        "pt", true, AccountRole.Provider, AccountRole.Tenant))))
        .containsExactlyInAnyOrder(new ResourceID("p"), new ResourceID("pt"));
  }

  @Test
  void onlyChangesProvidersCanSeeTriggerThem() {
    Account notReady = ProviderTenantsTest.account("t", false, AccountRole.Tenant);
    Account ready = ProviderTenantsTest.account("t", true, AccountRole.Tenant);
    Account readyAgain = ProviderTenantsTest.account("t", true, AccountRole.Tenant);
    assertThat(AccountMappers.changesTenantView(ready, notReady)).isTrue();
    assertThat(AccountMappers.changesTenantView(readyAgain, ready)).isFalse();
    Account renamed = ProviderTenantsTest.account("t", true, AccountRole.Tenant);
    renamed.getSpec().getMetadata().setDisplayName("new");
    assertThat(AccountMappers.changesTenantView(renamed, ready)).isTrue();
    Account provider = ProviderTenantsTest.account("t", true, AccountRole.Provider);
    assertThat(AccountMappers.changesTenantView(provider, ready)).isTrue();
    assertThat(AccountMappers.concernsProviders(provider)).isFalse();
  }
}
