package io.kubecarrier.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process (etcd, kube-apiserver, ...) with its output in a log file.
 *
 * <p>Each process runs under a small watchdog shell that kills it when this JVM goes away, so a
 * crashed or killed test run leaves nothing behind; {@link #stop()} ends it at once.
 */
public final class ManagedProcess implements AutoCloseable {

  private static final String WATCHDOG =
      """
      jvm="$1"; shift
      "$@" &
      child=$!
      end() {
        kill -TERM $child 2>/dev/null
        for _ in $(seq 1 20); do kill -0 $child 2>/dev/null || exit 0; sleep 0.5; done
        kill -KILL $child 2>/dev/null
        exit 0
      }
      trap end TERM INT
      while kill -0 "$jvm" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
      end
      """;

  private final String name;
  private final List<String> command;
  private final Path logFile;
  private final java.util.Map<String, String> environment;
  private Process process;

  public ManagedProcess(String name, List<String> command, Path logFile) {
    this(name, command, logFile, java.util.Map.of());
  }

  /** {@code environment} is added to this JVM's; use it for secrets, which argv would expose. */
  public ManagedProcess(
      String name, List<String> command, Path logFile, java.util.Map<String, String> environment) {
    this.name = name;
    this.command = List.copyOf(command);
    this.logFile = logFile;
    this.environment = java.util.Map.copyOf(environment);
  }

  public synchronized ManagedProcess start() {
    if (isAlive()) {
      return this;
    }
    try {
      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          "### " + String.join(" ", command) + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      List<String> cmd = new ArrayList<>();
      cmd.add("bash");
      cmd.add("-c");
      cmd.add(WATCHDOG);
      cmd.add("watchdog");
      cmd.add(Long.toString(ProcessHandle.current().pid()));
      cmd.addAll(command);
      ProcessBuilder builder = new ProcessBuilder(cmd);
      builder.environment().putAll(environment);
      process =
          builder
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .start();
      return this;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Terminates the process (SIGTERM, then SIGKILL after a grace period) and waits for it. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      Duration grace = Duration.ofSeconds(10);
      for (ProcessHandle child : children) {
        child.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
      process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      children.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    process = null;
  }

  /**
   * Kills the program with SIGKILL (no shutdown hooks, no grace: a crash as the kernel's OOM killer
   * or a node failure makes it) and waits for it and its watchdog to be gone. {@link #start} runs
   * it again.
   */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    children.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      for (ProcessHandle child : children) {
        child.onExit().get(10, TimeUnit.SECONDS);
      }
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(name + " did not exit on SIGKILL", e);
    }
    process = null;
  }

  /**
   * Sends {@code signal} (a name {@code kill -s} knows: STOP, CONT, ...) to the program itself, not
   * its watchdog; e.g. STOP freezes it with its connections open, CONT lets it go on.
   */
  public void signal(String signal) {
    long pid = pid();
    if (pid < 0) {
      throw new IllegalStateException(name + " is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -s " + signal + " " + pid + " (" + name + ") failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("kill -s " + signal + " " + name + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The pid of the managed program itself (not its watchdog), or -1 when not running. */
  public synchronized long pid() {
    if (process == null) {
      return -1;
    }
    return process.descendants().findFirst().map(ProcessHandle::pid).orElse(-1L);
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  /** The last lines of the log, for error messages. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    stop();
  }
}
