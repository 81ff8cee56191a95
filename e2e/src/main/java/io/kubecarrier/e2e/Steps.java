package io.kubecarrier.e2e;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Prints each step of the walkthrough with its duration, and keeps the timings. */
public final class Steps {

  /** One finished step. */
  public record Timing(int number, String title, Duration duration) {}

  private final PrintStream out;
  private final List<Timing> timings = new ArrayList<>();

  public Steps(PrintStream out) {
    this.out = out;
  }

  public void run(String title, Runnable step) {
    run(
        title,
        () -> {
          step.run();
          return null;
        });
  }

  public <T> T run(String title, Supplier<T> step) {
    int n = timings.size() + 1;
    out.printf("==> [%d] %s%n", n, title);
    Instant t0 = Instant.now();
    try {
      T result = step.get();
      Duration d = Duration.between(t0, Instant.now());
      timings.add(new Timing(n, title, d));
      out.printf("    done in %.1f s%n", d.toMillis() / 1000.0);
      return result;
    } catch (RuntimeException | AssertionError e) {
      out.printf("    FAILED at step %d (%s): %s%n", n, title, e.getMessage());
      throw e;
    }
  }

  public void say(String format, Object... args) {
    out.printf("    " + format + "%n", args);
  }

  public List<Timing> timings() {
    return List.copyOf(timings);
  }
}
