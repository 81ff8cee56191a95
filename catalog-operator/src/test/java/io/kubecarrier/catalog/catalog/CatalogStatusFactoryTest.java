package io.kubecarrier.catalog.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogStatusFactoryTest {

  @Test
  void nothingWithdrawn() {
    Condition c = CatalogStatusFactory.withdrawn("acme", List.of());
    assertThat(c.getType()).isEqualTo(ConditionTypes.WITHDRAWN);
    assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(c.getReason()).isEqualTo(Reasons.NOTHING_WITHDRAWN);
  }

  @Test
  void withdrawnOfferingsAreListedPerKindAndNamespace() {
    List<HasMetadata> kept = new ArrayList<>();
    for (String key :
        List.of(WithdrawalTest.OFFERING, WithdrawalTest.ROLE, WithdrawalTest.BINDING)) {
      kept.add(Withdrawal.of(PublicationTest.desired().get(key)));
    }
    Condition c = CatalogStatusFactory.withdrawn("acme", kept);
    assertThat(c.getStatus()).isEqualTo(Condition.TRUE);
    assertThat(c.getReason()).isEqualTo(Reasons.INSTANCES_KEPT);
    assertThat(c.getMessage())
        .startsWith("Redis for team-a: withdrawn, kept for existing instances, no new ones")
        .contains("acme")
        .doesNotContain("kubecarrier:tenant");
  }

  @Test
  void listsAreJoinedForThePrinterColumns() {
    assertThat(CatalogStatusFactory.joined(List.of())).isNull();
    assertThat(
            CatalogStatusFactory.joined(
                List.of(ObjectReference.of("redis"), ObjectReference.of("postgres"))))
        .isEqualTo("redis,postgres");
  }
}
