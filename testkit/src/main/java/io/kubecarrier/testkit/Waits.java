package io.kubecarrier.testkit;

import java.time.Duration;

/** The poll interval of start-up probes (process readiness), not a wait for test conditions. */
final class Waits {
  private Waits() {}

  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
