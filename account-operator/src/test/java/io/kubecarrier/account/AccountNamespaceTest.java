package io.kubecarrier.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.kubecarrier.account.AccountNamespace.State;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Subject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccountNamespaceTest {

  static Namespace ns(Map<String, String> labels, String deletionTimestamp) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName("acme")
        .withLabels(labels)
        .withDeletionTimestamp(deletionTimestamp)
        .endMetadata()
        .build();
  }

  @Test
  void desiredNamespaceIsNamedAndLabelledAfterTheAccount() {
    Namespace ns =
        AccountNamespace.desired(
            Fixtures.account("acme", List.of(AccountRole.Tenant), List.of(Subject.user("a"))));
    assertThat(ns.getMetadata().getName()).isEqualTo("acme");
    assertThat(ns.getMetadata().getLabels())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_ACCOUNT_OPERATOR, Labels.ACCOUNT, "acme"));
  }

  @Test
  void classification() {
    assertThat(AccountNamespace.classify(Optional.empty(), "acme")).isEqualTo(State.ABSENT);
    assertThat(AccountNamespace.classify(Optional.of(ns(Ownership.labels("acme"), null)), "acme"))
        .isEqualTo(State.OURS);
    assertThat(
            AccountNamespace.classify(
                Optional.of(ns(Ownership.labels("acme"), "2025-01-01T00:00:00Z")), "acme"))
        .isEqualTo(State.TERMINATING);
    assertThat(AccountNamespace.classify(Optional.of(ns(Map.of(), null)), "acme"))
        .isEqualTo(State.FOREIGN);
    assertThat(AccountNamespace.classify(Optional.of(ns(Ownership.labels("other"), null)), "acme"))
        .isEqualTo(State.FOREIGN);
    // labelled by someone else as "managed by" another component
    assertThat(
            AccountNamespace.classify(
                Optional.of(
                    ns(
                        Map.of(Labels.MANAGED_BY, "catalog-operator", Labels.ACCOUNT, "acme"),
                        null)),
                "acme"))
        .isEqualTo(State.FOREIGN);
  }
}
