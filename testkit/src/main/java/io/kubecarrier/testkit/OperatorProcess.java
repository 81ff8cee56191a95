package io.kubecarrier.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A packaged operator ({@code <module>/target/quarkus-app/quarkus-run.jar}) running as its own JVM
 * process, authenticated as its {@link OperatorIdentity} against a cluster: what the end-to-end
 * tests, {@code ./kc up} and the benchmarks run. It can be stopped and started again (same port,
 * same log file), to test restarts.
 */
public final class OperatorProcess implements AutoCloseable {

  /**
   * JVM flags of every operator, as its Deployment sets them ({@code JAVA_TOOL_OPTIONS} in {@code
   * k8s/patches/hardening.yaml}): the serial collector (what the JVM picks by itself in a container
   * of this size) and a heap of at most half the container's memory limit.
   */
  public static final String JVM_OPTIONS =
      "-XX:+UseSerialGC -XX:MaxRAMPercentage=50 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30";

  /**
   * Environment of every operator, as its Deployment sets it: at most two glibc malloc arenas (the
   * default, eight per core, keeps tens of MB of native memory per busy JVM).
   */
  public static final Map<String, String> ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

  /**
   * The memory limit of each operator's container in {@code k8s/} (InstallManifestsIT checks they
   * agree). A process here gets it as {@code -XX:MaxRAM}, so that its JVM sizes itself as in the
   * container, not from the host's memory.
   */
  public static String memoryLimit(String module) {
    return module.equals("propagation-agent") ? "768Mi" : "384Mi";
  }

  private final String module;
  private final int httpPort;
  private final ManagedProcess process;

  /** The podman container it runs in, or null for a process of this machine. */
  private final String container;

  private volatile Duration lastStartTime;

  private OperatorProcess(
      String module,
      int httpPort,
      List<String> command,
      Path logFile,
      Map<String, String> env,
      String container) {
    this.module = module;
    this.httpPort = httpPort;
    this.process = new ManagedProcess(module, command, logFile, env);
    this.container = container;
  }

  /**
   * Prepares (does not start) {@code module} against {@code identity}'s cluster with its token.
   * {@code properties} are extra Quarkus settings ({@code -Dkey=value}), e.g. short intervals. With
   * {@code -Dkc.operators.runtime=podman} it runs the operator's image instead ({@link
   * OperatorContainers}), with the same settings.
   */
  public static OperatorProcess of(
      String module, OperatorIdentity identity, Path logDir, Map<String, String> properties) {
    Path jar = K8sBinaries.repoRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: package the operator first (./mvnw -B package -DskipTests -pl "
              + module
              + ")");
    }
    int port = Ports.free();
    KubeCluster cluster = identity.cluster();
    Map<String, String> props = new LinkedHashMap<>();
    props.put("quarkus.http.port", Integer.toString(port));
    props.put("quarkus.kubernetes-client.api-server-url", cluster.url());
    // credentials go through the environment, not the command line
    Map<String, String> env = new LinkedHashMap<>(ENVIRONMENT);
    env.putAll(
        Map.of(
            "QUARKUS_KUBERNETES_CLIENT_CA_CERT_DATA",
            Base64.getEncoder()
                .encodeToString(cluster.caCertPem().getBytes(StandardCharsets.UTF_8)),
            "QUARKUS_KUBERNETES_CLIENT_TOKEN",
            identity.token()));
    props.put("quarkus.kubernetes-client.namespace", identity.namespace());
    props.put("quarkus.kubernetes-client.trust-certs", "false");
    props.putAll(properties);
    List<String> jvm = new ArrayList<>(List.of(JVM_OPTIONS.split(" ")));
    // extra JVM flags for one operator, e.g.
    // -Dkc.jvm.propagation-agent=-XX:StartFlightRecording=...
    String extra = System.getProperty("kc.jvm." + module, "").trim();
    if (!extra.isEmpty()) {
      jvm.addAll(List.of(extra.split("\\s+")));
    }
    props.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
    Path log = logDir.resolve(module + ".log");
    if (OperatorContainers.enabled()) {
      String name = "kc-" + module + "-" + port;
      env.put("JAVA_TOOL_OPTIONS", OperatorContainers.javaToolOptions(jvm));
      // the container gets the memory limit itself: the JVM sizes itself from its cgroup
      List<String> cmd =
          OperatorContainers.runCommand(module, name, memoryLimit(module), env.keySet());
      env.putAll(OperatorContainers.podmanEnvironment());
      return new OperatorProcess(module, port, cmd, log, env, name);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:MaxRAM=" + memoryLimit(module).replace("Mi", "m"));
    cmd.addAll(jvm);
    cmd.add("-jar");
    cmd.add(jar.toString());
    return new OperatorProcess(module, port, cmd, log, env, null);
  }

  /** Starts the process and waits until {@code /q/health/ready} answers 200. */
  public OperatorProcess start(Duration timeout) {
    Instant t0 = Instant.now();
    if (container != null) {
      OperatorContainers.started(container);
    }
    process.start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(timeout);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(module + " exited:\n" + process.tail(60));
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          lastStartTime = Duration.between(t0, Instant.now());
          return this;
        }
        last = r.statusCode() + " " + r.body();
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      Waits.pause(Duration.ofMillis(250));
    }
    throw new IllegalStateException(
        module + " not ready within " + timeout + " (" + last + "):\n" + process.tail(60));
  }

  /**
   * SIGTERM (a graceful shutdown), SIGKILL after a grace period. A container gets the signal
   * through podman, and is removed once stopped.
   */
  public void stop() {
    process.stop();
    if (container != null) {
      OperatorContainers.remove(container);
    }
  }

  /** SIGKILL, as a crash: no graceful shutdown, the leader Lease is not released. */
  public void kill() {
    if (container != null) {
      OperatorContainers.kill(container);
    }
    process.kill();
    if (container != null) {
      OperatorContainers.remove(container);
    }
  }

  /** How long the last successful {@link #start} took: process start until ready. */
  public Duration lastStartTime() {
    return lastStartTime;
  }

  public OperatorProcess restart(Duration timeout) {
    stop();
    return start(timeout);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** http://127.0.0.1:PORT of the operator's HTTP server (health, metrics). */
  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** The Prometheus exposition of {@code /q/metrics}. */
  public String metrics() {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(baseUrl() + "/q/metrics")).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The pid of the operator's JVM (in a container: its pid on this machine), or -1. */
  public long pid() {
    return container != null ? OperatorContainers.pid(container) : process.pid();
  }

  /** The podman container it runs in, if it runs in one. */
  public java.util.Optional<String> container() {
    return java.util.Optional.ofNullable(container);
  }

  public Path logFile() {
    return process.logFile();
  }

  public String tail(int lines) {
    return process.tail(lines);
  }

  @Override
  public String toString() {
    return module;
  }

  @Override
  public void close() {
    stop();
  }
}
