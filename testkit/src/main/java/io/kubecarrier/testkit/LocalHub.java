package io.kubecarrier.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The local environment of {@code ./kc up}: the management cluster and the service clusters {@code
 * eu-west-1} and {@code us-east-1} on loopback, with the CRDs of {@code k8s/crds/} installed,
 * running until {@code ./kc down} (or until this process ends: its children go with it).
 *
 * <p>Writes {@code <dir>/<cluster>.kubeconfig} for each cluster and {@code <dir>/ready} once
 * everything is up.
 */
public final class LocalHub {
  private LocalHub() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir = Path.of(args.length > 0 ? args[0] : ".kc").toAbsolutePath();
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("ready"));
    Instant t0 = Instant.now();
    KubeClusters clusters =
        KubeClusters.start(
            dir.resolve("clusters"),
            List.of(KubeClusters.MANAGEMENT, KubeClusters.EU_WEST_1, KubeClusters.US_EAST_1));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  clusters.close();
                  stopped.countDown();
                },
                "kc-down"));
    for (KubeCluster c : clusters.all()) {
      Files.copy(
          c.adminKubeconfig(),
          dir.resolve(c.name() + ".kubeconfig"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Manifests.applyCrds(
        clusters.management().adminClient(), K8sBinaries.repoRoot().resolve("k8s/crds"));
    Duration took = Duration.between(t0, Instant.now());
    Files.writeString(dir.resolve("ready"), took.toMillis() + "\n");
    System.out.println("[kc] clusters up in " + took.toMillis() + " ms");
    stopped.await();
  }
}
