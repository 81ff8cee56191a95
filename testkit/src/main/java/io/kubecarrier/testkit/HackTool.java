package io.kubecarrier.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tool the tests need that the repository provides through a script of {@code hack/}: the script
 * returns its cache directory at once, or builds what is missing (from the Go module proxy) into
 * {@code ~/.cache/kubecarrier/} first, and prints the directory as the last line of its standard
 * output; its progress goes to standard error, which is passed on to this JVM's.
 *
 * <p>{@code hack/k8s-binaries.sh} ({@link K8sBinaries}), {@code hack/prometheus.sh}, {@code
 * hack/olm-validator.sh}, {@code hack/helm.sh} and {@code hack/images.sh} ({@link
 * OperatorContainers}) work this way. Each script runs at most once per JVM; a failure is kept and
 * thrown again to every later caller (one build attempt, the same clear message everywhere).
 */
public final class HackTool {

  /** The Kubernetes binaries: etcd, kube-apiserver, kube-controller-manager, kubectl. */
  public static final HackTool K8S =
      new HackTool(
          "hack/k8s-binaries.sh",
          "the Kubernetes binaries",
          List.of("etcd", "kube-apiserver", "kube-controller-manager", "kubectl"));

  /** A Prometheus server ({@code prometheus}) and its {@code promtool}, for MonitoringIT. */
  public static final HackTool PROMETHEUS =
      new HackTool("hack/prometheus.sh", "Prometheus", List.of("prometheus", "promtool"));

  /**
   * The operator-framework bundle validator ({@code olm-bundle-validate}) and OLM's
   * ClusterServiceVersion CRD, for OlmBundleIT.
   */
  public static final HackTool OLM_VALIDATOR =
      new HackTool(
          "hack/olm-validator.sh",
          "the operator-framework bundle validator",
          List.of("olm-bundle-validate", "operators.coreos.com_clusterserviceversions.yaml"));

  private static final int TAIL_LINES = 40;
  private static final Map<String, Object> RESULTS = new ConcurrentHashMap<>();

  private final String script;
  private final String what;
  private final List<String> files;

  /**
   * @param script the script's path relative to the repository root
   * @param what what it provides, for messages
   * @param files the files the directory must hold (executables are checked for the execute bit
   *     unless their name has a dot)
   */
  public HackTool(String script, String what, List<String> files) {
    this.script = script;
    this.what = what;
    this.files = List.copyOf(files);
  }

  public String script() {
    return script;
  }

  /** The cache directory the script prints; runs (and so, when needed, builds) it once per JVM. */
  public Path directory() {
    Object result = RESULTS.get(script);
    if (result == null) {
      synchronized (this) {
        result = RESULTS.get(script);
        if (result == null) {
          try {
            result = run();
          } catch (RuntimeException e) {
            result = e;
          }
          RESULTS.put(script, result);
        }
      }
    }
    if (result instanceof RuntimeException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    return (Path) result;
  }

  /** A file of {@link #directory()}. */
  public Path file(String name) {
    return directory().resolve(name);
  }

  /**
   * Checks that {@code dir} holds every file of this tool; {@code source} names where it came from.
   */
  public void check(Path dir, String source) {
    for (String f : files) {
      Path p = dir.resolve(f);
      boolean ok = f.contains(".") ? Files.isRegularFile(p) : Files.isExecutable(p);
      if (!ok) {
        throw new IllegalStateException(source + ": " + p + " is missing");
      }
    }
  }

  private Path run() {
    Path path = K8sBinaries.repoRoot().resolve(script);
    Deque<String> tail = new ArrayDeque<>();
    try {
      Process p = new ProcessBuilder("bash", path.toString()).start();
      p.getOutputStream().close();
      Thread errors =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    System.err.println(line);
                    synchronized (tail) {
                      tail.addLast(line);
                      if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                      }
                    }
                  }
                } catch (IOException ignored) {
                  // the process is gone
                }
              },
              "hack-tool-stderr");
      errors.setDaemon(true);
      errors.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      int rc = p.waitFor();
      errors.join();
      if (rc != 0 || out.isEmpty()) {
        String end;
        synchronized (tail) {
          end = String.join("\n  ", tail);
        }
        throw new IllegalStateException(
            "cannot provide "
                + what
                + ": "
                + script
                + " failed with exit code "
                + rc
                + " (it builds into ~/.cache/kubecarrier or $KC_K8S_CACHE; run it by hand to see the"
                + " whole output). Its last lines:\n  "
                + end);
      }
      String[] lines = out.split("\n");
      Path dir = Path.of(lines[lines.length - 1].trim());
      check(dir, script);
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + path, e);
    }
  }
}
