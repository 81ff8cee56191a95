package io.kubecarrier.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The operators as containers: the images {@code hack/images.sh} builds from the current build
 * (docs/images.md), run with podman on the host network, as the Deployments of {@code k8s/} run
 * them: user 185, read-only root filesystem with a tmpfs on {@code /tmp}, every capability dropped,
 * no privilege escalation, the memory limit, JVM flags and environment of {@code
 * k8s/patches/hardening.yaml} (no CPU limit: the tests share two cores).
 *
 * <p>{@code -Dkc.operators.runtime=podman} makes every {@link OperatorProcess} of a JVM a container
 * (the {@code containers} execution of the e2e module runs the walkthrough so); the default, {@code
 * process}, runs the packaged jar with this JVM's Java.
 */
public final class OperatorContainers {

  public static final String RUNTIME_PROPERTY = "kc.operators.runtime";

  /** The images' tools, built once per JVM. */
  public static final HackTool IMAGES =
      new HackTool(
          "hack/images.sh", "the container images", List.of("containers.conf", "images.txt"));

  /** Containers this JVM started and has not removed yet, removed when it ends. */
  private static final Set<String> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> List.copyOf(RUNNING).forEach(OperatorContainers::remove)));
  }

  private OperatorContainers() {}

  /** Whether this JVM runs its operators as containers. */
  public static boolean enabled() {
    String runtime = System.getProperty(RUNTIME_PROPERTY, "process");
    if (!runtime.equals("process") && !runtime.equals("podman")) {
      throw new IllegalArgumentException(
          "-D" + RUNTIME_PROPERTY + "=" + runtime + ": use process (the default) or podman");
    }
    return runtime.equals("podman");
  }

  /** The image references {@code hack/images.sh} built, by name (an operator, jre-base, ...). */
  public static Map<String, String> images() {
    try {
      Map<String, String> refs = new LinkedHashMap<>();
      for (String line : Files.readAllLines(IMAGES.file("images.txt"), StandardCharsets.UTF_8)) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 2) {
          refs.put(f[0], f[1]);
        }
      }
      return refs;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the image list: " + e.getMessage(), e);
    }
  }

  /** The image of {@code module}, built from its current {@code target/quarkus-app}. */
  public static String image(String module) {
    String ref = images().get(module);
    if (ref == null) {
      throw new IllegalStateException(
          "hack/images.sh built no image of " + module + ": " + images().keySet());
    }
    return ref;
  }

  /** The environment podman needs on these machines (its containers.conf). */
  public static Map<String, String> podmanEnvironment() {
    return Map.of("CONTAINERS_CONF", IMAGES.file("containers.conf").toString());
  }

  /**
   * The {@code podman run} command of {@code module} in the container {@code name}, with the memory
   * limit of its Deployment ({@code 384Mi}: the JVM sizes its heap from it). The environment
   * variables named in {@code environment} are passed on by name, so that their values
   * (credentials) never appear on a command line; the JVM's arguments go through {@code
   * JAVA_TOOL_OPTIONS} ({@link #javaToolOptions}), which must be one of them.
   */
  static List<String> runCommand(
      String module, String name, String memoryLimit, Set<String> environment) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "podman",
                "run",
                "--rm",
                "--replace",
                "--name",
                name,
                "--network",
                "host",
                "--user",
                "185",
                "--read-only",
                "--tmpfs",
                "/tmp:rw,mode=1777",
                "--cap-drop",
                "ALL",
                "--security-opt",
                "no-new-privileges",
                "--memory",
                memoryLimit.replace("Mi", "m"),
                "--pull",
                "never"));
    for (String variable : environment) {
      cmd.add("--env");
      cmd.add(variable);
    }
    cmd.add(image(module));
    return cmd;
  }

  /**
   * {@code JAVA_TOOL_OPTIONS} of the given JVM arguments; an argument with white space cannot be
   * passed so and is refused.
   */
  static String javaToolOptions(List<String> jvmArguments) {
    for (String a : jvmArguments) {
      if (a.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(
            "a containerised operator gets its JVM arguments through JAVA_TOOL_OPTIONS, which"
                + " cannot carry white space: "
                + a);
      }
    }
    return String.join(" ", jvmArguments);
  }

  /** Notes a container as started, so that it is removed when this JVM ends. */
  static void started(String name) {
    RUNNING.add(name);
  }

  /** Sends SIGKILL to the container's process (a crash: no graceful shutdown). */
  static void kill(String name) {
    podman("kill", "--signal", "KILL", name);
  }

  /** Removes the container, running or not; nothing when it is gone already. */
  static void remove(String name) {
    podman("rm", "--force", "--ignore", "--time", "0", name);
    RUNNING.remove(name);
  }

  /** The host pid of the container's JVM, or -1 when it is not running. */
  static long pid(String name) {
    String out = inspect(name, "{{.State.Pid}}");
    try {
      long pid = Long.parseLong(out);
      return pid > 0 ? pid : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code podman inspect --format <goTemplate> <what>} (a container or an image), trimmed. */
  public static String inspect(String what, String goTemplate) {
    return podman("inspect", "--format", goTemplate, what).trim();
  }

  /**
   * Runs podman with the settings of these machines and returns its output (standard output and
   * error); a command that does not end within 30 s is killed.
   */
  public static String podman(String... args) {
    List<String> cmd = new ArrayList<>(List.of("podman"));
    cmd.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
      builder.environment().putAll(podmanEnvironment());
      Process p = builder.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 30 s");
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", cmd), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
