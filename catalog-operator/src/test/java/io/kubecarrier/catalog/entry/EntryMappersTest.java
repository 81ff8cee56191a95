package io.kubecarrier.catalog.entry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Labels;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntryMappersTest {

  static Role role(Map<String, String> labels, Map<String, String> annotations) {
    return new RoleBuilder()
        .withNewMetadata()
        .withName("kubecarrier:tenant:redis.acme.hub.io")
        .withNamespace("team-a")
        .withLabels(labels)
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  static Map<String, String> labels(String entry) {
    Map<String, String> l = new HashMap<>();
    l.put(Labels.MANAGED_BY, Labels.MANAGED_BY_CATALOG_OPERATOR);
    l.put(Labels.PROVIDER, "acme");
    l.put(Labels.WITHDRAWN, "true");
    if (entry != null) {
      l.put(Labels.CATALOG_ENTRY, entry);
    }
    return l;
  }

  @Test
  void publishedObjectsMapToTheirEntryBySource() {
    String longName = "r".repeat(80);
    assertThat(
            EntryMappers.fromPublished(
                role(labels("hashed-label"), Map.of(Annotations.SOURCE, "acme/" + longName))))
        .containsExactly(new ResourceID(longName, "acme"));
  }

  @Test
  void withoutSourceTheLabelsName() {
    assertThat(EntryMappers.fromPublished(role(labels("redis"), Map.of())))
        .containsExactly(new ResourceID("redis", "acme"));
  }

  @Test
  void nothingForForeignOrUnlabelledObjects() {
    assertThat(EntryMappers.fromPublished(role(labels(null), Map.of()))).isEmpty();
    Map<String, String> foreign = labels("redis");
    foreign.put(Labels.MANAGED_BY, "someone-else");
    assertThat(EntryMappers.fromPublished(role(foreign, Map.of(Annotations.SOURCE, "acme/redis"))))
        .isEmpty();
  }
}
