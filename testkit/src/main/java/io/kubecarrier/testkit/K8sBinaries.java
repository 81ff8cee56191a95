package io.kubecarrier.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the etcd, kube-apiserver, kube-controller-manager and kubectl binaries of the pinned
 * Kubernetes version.
 *
 * <p>Order: system property {@code kc.k8s.bin} or env {@code KC_K8S_BIN} (a directory holding all
 * four), then {@code hack/k8s-binaries.sh} of the repository ({@link HackTool#K8S}), which returns
 * its cache at once or builds what is missing from the Go module proxy.
 */
public final class K8sBinaries {

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
      HackTool.K8S.check(dir, "kc.k8s.bin/KC_K8S_BIN");
      return dir;
    }
    return HackTool.K8S.directory();
  }
}
