package io.kubecarrier.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of independent clusters sharing one etcd: by default the management cluster and two service
 * clusters, {@code eu-west-1} and {@code us-east-1}.
 *
 * <p>{@link #shared()} starts them once per JVM (tests share them; each test uses its own accounts
 * and namespaces) and stops them at JVM exit.
 */
public final class KubeClusters implements AutoCloseable {

  public static final String MANAGEMENT = "management";
  public static final String EU_WEST_1 = "eu-west-1";
  public static final String US_EAST_1 = "us-east-1";

  private static final Logger LOG = LoggerFactory.getLogger(KubeClusters.class);
  private static volatile KubeClusters shared;

  private final Path dir;
  private final Etcd etcd;
  private final Map<String, KubeCluster> clusters = new LinkedHashMap<>();
  private Duration startupTime = Duration.ZERO;

  private KubeClusters(Path dir, List<String> names) {
    this.dir = dir.toAbsolutePath();
    this.etcd = new Etcd(this.dir.resolve("etcd"));
    for (String n : names) {
      clusters.put(n, new KubeCluster(n, etcd, this.dir));
    }
  }

  /** The JVM-wide management + eu-west-1 + us-east-1 set, started on first use. */
  public static KubeClusters shared() {
    KubeClusters s = shared;
    if (s == null) {
      synchronized (KubeClusters.class) {
        if (shared == null) {
          Path dir =
              Path.of(System.getProperty("kc.test.dir", "target/kc-clusters"))
                  .resolve(Long.toString(ProcessHandle.current().pid()));
          KubeClusters started = start(dir, List.of(MANAGEMENT, EU_WEST_1, US_EAST_1));
          Runtime.getRuntime().addShutdownHook(new Thread(started::close, "kc-clusters-stop"));
          shared = started;
        }
        s = shared;
      }
    }
    return s;
  }

  /** Starts a new set of clusters under {@code dir}; the caller closes it. */
  public static KubeClusters start(Path dir, List<String> names) {
    KubeClusters set = new KubeClusters(dir, names);
    Instant t0 = Instant.now();
    try {
      set.etcd.start(Duration.ofSeconds(60));
      List<CompletableFuture<KubeCluster>> starting = new ArrayList<>();
      for (KubeCluster c : set.clusters.values()) {
        starting.add(CompletableFuture.supplyAsync(() -> c.start(Duration.ofMinutes(3))));
      }
      CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    } catch (RuntimeException e) {
      set.close();
      throw e;
    }
    set.startupTime = Duration.between(t0, Instant.now());
    LOG.info("started clusters {} in {} ms under {}", names, set.startupTime.toMillis(), set.dir);
    return set;
  }

  public KubeCluster management() {
    return get(MANAGEMENT);
  }

  public KubeCluster get(String name) {
    KubeCluster c = clusters.get(name);
    if (c == null) {
      throw new IllegalArgumentException("no cluster " + name + " in " + clusters.keySet());
    }
    return c;
  }

  /** Every cluster but the management cluster. */
  public List<KubeCluster> serviceClusters() {
    return clusters.values().stream().filter(c -> !c.name().equals(MANAGEMENT)).toList();
  }

  public List<KubeCluster> all() {
    return List.copyOf(clusters.values());
  }

  /** Restarts the etcd every cluster of the set stores in (see {@link Etcd#restart}). */
  public void restartEtcd(Duration timeout) {
    etcd.restart(timeout);
  }

  public Duration startupTime() {
    return startupTime;
  }

  public Path directory() {
    return dir;
  }

  @Override
  public void close() {
    for (KubeCluster c : clusters.values()) {
      try {
        c.close();
      } catch (RuntimeException e) {
        LOG.warn("stopping {}: {}", c.name(), e.toString());
      }
    }
    etcd.close();
  }
}
