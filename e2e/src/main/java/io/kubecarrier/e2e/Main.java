package io.kubecarrier.e2e;

import io.kubecarrier.testkit.KubeCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./kc up}: starts the hub with its own clusters under {@code .kc/}, walks the Redis
 * example, writes kubeconfigs for every cluster and person, prints how to use it, and keeps running
 * until {@code ./kc down}.
 */
public final class Main {

  /** Intervals for a local hub: heartbeats and rechecks in seconds, not tens of seconds. */
  public static final Map<String, String> FAST_INTERVALS =
      Map.of(
          "kubecarrier.account-operator.recheck-interval", "2s",
          "kubecarrier.registry.heartbeat-interval", "2s",
          "kubecarrier.registry.heartbeat-grace", "10s",
          "kubecarrier.registry.discovery-interval", "5s",
          "kubecarrier.registry.assignment-resync-interval", "10s",
          "kubecarrier.catalog-operator.recheck-interval", "2s",
          "kubecarrier.propagation-agent.probe-interval", "2s");

  private Main() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir = Path.of(args.length > 0 ? args[0] : ".kc").toAbsolutePath();
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("ready"));
    Steps steps = new Steps(System.out);
    Instant t0 = Instant.now();
    Hub hub =
        steps.run(
            "clusters management, eu-west-1, us-east-1 on loopback",
            () -> Hub.withOwnClusters(dir));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  hub.close();
                  stopped.countDown();
                },
                "kc-down"));
    writeKubeconfigs(hub, dir);
    steps.run(
        "CRDs, RBAC and the four operators (each as its own ServiceAccount)",
        () -> hub.startOperators(FAST_INTERVALS));
    Walkthrough.Outcome outcome = new Walkthrough(hub, steps).run();
    // The usage text first: ./kc up prints the log up to the ready file and then stops reading.
    System.out.println(Usage.text(hub, dir, outcome));
    System.out.flush();
    Files.writeString(dir.resolve("ready"), Duration.between(t0, Instant.now()).toMillis() + "\n");
    stopped.await();
  }

  static void writeKubeconfigs(Hub hub, Path dir) throws IOException {
    for (KubeCluster c : hub.clusters().all()) {
      Files.copy(
          c.adminKubeconfig(),
          dir.resolve(c.name() + ".kubeconfig"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    KubeCluster m = hub.management();
    for (String user :
        new String[] {Walkthrough.PROVIDER_USER, Walkthrough.ALICE, Walkthrough.BOB}) {
      // Admin credentials that impersonate the person: the RBAC authorizer sees only the person.
      String kubeconfig =
          m.kubeconfig(user, m.adminToken())
              .replace("    token: ", "    as: " + user + "\n    token: ");
      Files.writeString(dir.resolve(user + ".kubeconfig"), kubeconfig);
    }
  }
}
