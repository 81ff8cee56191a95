package io.kubecarrier.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusPatchesTest {

  @Test
  void aMinimalPatchCarriesIdentityAndStatusOnly() {
    ServiceCluster current = new ServiceCluster();
    current.setMetadata(
        new ObjectMetaBuilder()
            .withName("eu")
            .withNamespace("acme")
            .withLabels(Map.of("a", "b"))
            .withResourceVersion("7")
            .withFinalizers(List.of("f"))
            .build());
    ServiceClusterStatus status = new ServiceClusterStatus();
    ServiceCluster patch = StatusPatches.minimal(current, status, ServiceCluster::new);
    assertThat(patch.getMetadata().getName()).isEqualTo("eu");
    assertThat(patch.getMetadata().getNamespace()).isEqualTo("acme");
    assertThat(patch.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(patch.getMetadata().getResourceVersion()).isNull();
    assertThat(patch.getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(patch.getStatus()).isSameAs(status);
  }

  @Test
  void copiesDoNotShareState() {
    ServiceClusterStatus status = new ServiceClusterStatus();
    Condition ready = new Condition();
    ready.setType("Ready");
    ready.setStatus("True");
    status.setCondition(ready, Instant.parse("2026-12-01T00:00:00Z"));

    ServiceClusterStatus copy = StatusPatches.copy(status);
    assertThat(copy).isEqualTo(status).isNotSameAs(status);
    List<Condition> conditions = StatusPatches.copyConditions(status);
    conditions.get(0).setStatus("False");
    assertThat(status.isReady()).isTrue();
    assertThat(StatusPatches.copyConditions(null)).isEmpty();
  }
}
