package io.kubecarrier.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import org.junit.jupiter.api.Test;

class UnsettledResyncTest {

  static final String F = "kubecarrier.io/test";

  private static ConfigMap object(boolean deleting, String... finalizers) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("x")
        .withFinalizers(finalizers)
        .withDeletionTimestamp(deleting ? "2026-12-02T00:00:00Z" : null)
        .endMetadata()
        .build();
  }

  @Test
  void aDeletingObjectIsUnsettledWhileItHasTheFinalizer() {
    assertThat(UnsettledResync.unsettled(object(true, F), F)).isTrue();
    assertThat(UnsettledResync.unsettled(object(true, "other"), F)).isFalse();
  }

  @Test
  void aLiveObjectIsUnsettledUntilItHasTheFinalizer() {
    assertThat(UnsettledResync.unsettled(object(false), F)).isTrue();
    assertThat(UnsettledResync.unsettled(object(false, F), F)).isFalse();
  }
}
