package io.kubecarrier.operator.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FinalizerReleaseTest {

  @Test
  void thePatchTestsTheUidAndTheFinalizerBeforeRemovingIt() {
    assertThat(FinalizerRelease.removal("u-1", 2, "kubecarrier.io/x"))
        .isEqualTo(
            "[{\"op\":\"test\",\"path\":\"/metadata/uid\",\"value\":\"u-1\"},"
                + "{\"op\":\"test\",\"path\":\"/metadata/finalizers/2\",\"value\":\"kubecarrier.io/x\"},"
                + "{\"op\":\"remove\",\"path\":\"/metadata/finalizers/2\"}]");
  }
}
