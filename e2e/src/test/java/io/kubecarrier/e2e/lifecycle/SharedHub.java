package io.kubecarrier.e2e.lifecycle;

import io.kubecarrier.e2e.Hub;
import io.kubecarrier.e2e.Main;
import io.kubecarrier.testkit.OperatorContainers;
import java.nio.file.Path;

/**
 * The hub of a test JVM: the four packaged operators, started once on the shared clusters and
 * stopped when the JVM ends, for every end-to-end test of the JVM. Each test brings its own
 * accounts (unique names), so tests do not meet.
 */
public final class SharedHub {

  private static Hub hub;

  private SharedHub() {}

  public static synchronized Hub get() {
    if (hub == null) {
      Hub started =
          Hub.onSharedClusters(
                  Path.of(
                      OperatorContainers.enabled()
                          ? "target/e2e-logs-containers"
                          : "target/e2e-logs"))
              .startOperators(Main.FAST_INTERVALS);
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-hub-stop"));
      hub = started;
    }
    return hub;
  }
}
