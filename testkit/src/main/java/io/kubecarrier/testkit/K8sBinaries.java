package io.kubecarrier.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Locates the etcd, kube-apiserver, kube-controller-manager and kubectl binaries of the pinned
 * Kubernetes version.
 *
 * <p>Order: system property {@code kc.k8s.bin} or env {@code KC_K8S_BIN} (a directory holding all
 * four), then {@code hack/k8s-binaries.sh} of the repository, which returns its cache at once or
 * builds what is missing from the Go module proxy.
 */
public final class K8sBinaries {

  static final List<String> REQUIRED =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kubectl");

  private static volatile Path resolved;

  private K8sBinaries() {}

  /** The directory that holds all four binaries; builds them through the script when needed. */
  public static Path directory() {
    Path dir = resolved;
    if (dir == null) {
      synchronized (K8sBinaries.class) {
        if (resolved == null) {
          resolved = resolve();
        }
        dir = resolved;
      }
    }
    return dir;
  }

  public static Path binary(String name) {
    return directory().resolve(name);
  }

  /**
   * The repository root: system property {@code kc.repo.root}, else the nearest parent with mvnw.
   */
  public static Path repoRoot() {
    String prop = System.getProperty("kc.repo.root");
    if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("hack"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException(
        "cannot find the repository root: set -Dkc.repo.root=/path/to/kubecarrier");
  }

  private static Path resolve() {
    String configured = System.getProperty("kc.k8s.bin", System.getenv("KC_K8S_BIN"));
    if (configured != null && !configured.isBlank()) {
      Path dir = Path.of(configured);
      check(dir, "kc.k8s.bin/KC_K8S_BIN");
      return dir;
    }
    Path script = repoRoot().resolve("hack/k8s-binaries.sh");
    try {
      Process p =
          new ProcessBuilder("bash", script.toString())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      int rc = p.waitFor();
      if (rc != 0 || out.isEmpty()) {
        throw new IllegalStateException(script + " failed with exit code " + rc);
      }
      String[] lines = out.split("\n");
      Path dir = Path.of(lines[lines.length - 1].trim());
      check(dir, script.toString());
      return dir;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + script, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + script, e);
    }
  }

  private static void check(Path dir, String source) {
    for (String b : REQUIRED) {
      if (!Files.isExecutable(dir.resolve(b))) {
        throw new IllegalStateException(source + ": " + dir.resolve(b) + " is missing");
      }
    }
  }
}
