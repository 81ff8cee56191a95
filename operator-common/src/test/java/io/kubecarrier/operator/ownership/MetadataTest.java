package io.kubecarrier.operator.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.kubecarrier.api.common.Labels;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataTest {

  private static ConfigMap labelled(Map<String, String> labels) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName("cm")
        .withNamespace("acme")
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  @Test
  void managedByAndLabels() {
    ConfigMap ours = labelled(Map.of(Labels.MANAGED_BY, "catalog-operator", "a", "1"));
    assertThat(Metadata.isManagedBy(ours, "catalog-operator")).isTrue();
    assertThat(Metadata.isManagedBy(ours, "account-operator")).isFalse();
    assertThat(Metadata.isManagedBy(labelled(null), "catalog-operator")).isFalse();
    assertThat(Metadata.isManagedBy(null, "catalog-operator")).isFalse();
    assertThat(Metadata.hasLabels(ours, Map.of("a", "1"))).isTrue();
    assertThat(Metadata.hasLabels(ours, Map.of("a", "2"))).isFalse();
    assertThat(Metadata.hasLabels(labelled(null), Map.of())).isTrue();
    assertThat(Metadata.hasLabels(labelled(null), Map.of("a", "1"))).isFalse();
    assertThat(Metadata.managedBySelector("x")).isEqualTo(Labels.MANAGED_BY + "=x");
  }

  @Test
  void refs() {
    assertThat(Metadata.ref(labelled(null))).isEqualTo("acme/cm");
    assertThat(
            Metadata.ref(
                new NamespaceBuilder().withNewMetadata().withName("n").endMetadata().build()))
        .isEqualTo("n");
  }
}
