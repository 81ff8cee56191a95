package io.kubecarrier.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OperatorContainersTest {

  @AfterEach
  void clearRuntime() {
    System.clearProperty(OperatorContainers.RUNTIME_PROPERTY);
  }

  @Test
  void theJvmArgumentsGoToJavaToolOptionsAsTheyAre() {
    assertThat(
            OperatorContainers.javaToolOptions(
                List.of("-XX:+UseSerialGC", "-XX:MaxRAM=384m", "-Dquarkus.http.port=8081")))
        .isEqualTo("-XX:+UseSerialGC -XX:MaxRAM=384m -Dquarkus.http.port=8081");
  }

  @Test
  void anArgumentWithWhiteSpaceIsRefusedRatherThanSplit() {
    assertThatThrownBy(
            () -> OperatorContainers.javaToolOptions(List.of("-Dkubecarrier.note=two words")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("JAVA_TOOL_OPTIONS")
        .hasMessageContaining("-Dkubecarrier.note=two words");
  }

  @Test
  void theRuntimeIsAProcessUnlessPodmanIsAskedFor() {
    assertThat(OperatorContainers.enabled()).isFalse();
    System.setProperty(OperatorContainers.RUNTIME_PROPERTY, "podman");
    assertThat(OperatorContainers.enabled()).isTrue();
    System.setProperty(OperatorContainers.RUNTIME_PROPERTY, "docker");
    assertThatThrownBy(OperatorContainers::enabled)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use process (the default) or podman");
  }
}
