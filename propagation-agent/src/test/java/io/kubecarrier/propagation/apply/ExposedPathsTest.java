package io.kubecarrier.propagation.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExposedPathsTest {

  @Test
  void uncoveredNamesEachFieldTheServiceClusterDroppedOrChanged() {
    Map<String, Object> wanted =
        Map.of("replicas", 3, "tls", Map.of("profile", "modern", "port", 5671), "image", "x");
    // a service API server whose CRD lacks tls.profile prunes it, and defaults others
    Map<String, Object> applied =
        Map.of("replicas", 3L, "tls", Map.of("port", 5671), "image", "x", "defaulted", true);
    assertThat(ExposedPaths.uncovered(".spec", applied, wanted))
        .containsExactly(".spec.tls.profile");
    assertThat(ExposedPaths.uncovered(".spec", Map.of("replicas", 2), Map.of("replicas", 3)))
        .containsExactly(".spec.replicas");
    assertThat(ExposedPaths.uncovered(".spec", wanted, wanted)).isEmpty();
    assertThat(ExposedPaths.uncovered(".spec", Map.of(), Map.of("users", List.of("a"))))
        .containsExactly(".spec.users");
  }
}
