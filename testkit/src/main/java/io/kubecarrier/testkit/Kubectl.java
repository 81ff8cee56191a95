package io.kubecarrier.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the pinned kubectl with a kubeconfig, as a user would. */
public final class Kubectl {
  private Kubectl() {}

  /** Exit code and combined output of one kubectl call. */
  public record Result(int exitCode, String output) {
    public Result assertSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("kubectl failed (" + exitCode + "):\n" + output);
      }
      return this;
    }
  }

  public static Result run(Path kubeconfig, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(K8sBinaries.binary("kubectl").toString());
    cmd.add("--kubeconfig=" + kubeconfig);
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("kubectl timed out: " + String.join(" ", args));
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run kubectl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
