package io.kubecarrier.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.testkit.K8sBinaries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./kc up} and {@code ./kc down} as a user runs them: the script itself, with its own state
 * directory under {@code e2e/target/}. The output shows every step of the hub and of the Redis
 * walkthrough, each finished, and the usage block, and no ERROR line; {@code ./kc status} prints
 * the usage again; after {@code ./kc down} no process of the hub is left and every port it listened
 * on can be bound again.
 *
 * <p>Lean: the script's Maven step is skipped ({@code KC_SKIP_BUILD=1}, the tree is built by this
 * very {@code verify}), and the hub runs on this test's class path ({@code KC_CLASSPATH}). Runs in
 * its own JVM (failsafe execution {@code kc-up} of e2e/pom.xml), after the other end-to-end tests.
 */
class KcUpIT {

  /** What the hub does before the walkthrough ({@link Main}). */
  static final List<String> HUB_STEPS =
      List.of(
          "clusters management, eu-west-1, us-east-1 on loopback",
          "CRDs, RBAC and the four operators (each as its own ServiceAccount)");

  /** The walkthrough's steps ({@link Walkthrough#run}), in order. */
  static final List<String> WALKTHROUGH_STEPS =
      List.of(
          "platform operator: accounts acme (Provider), team-a and team-b (Tenant)",
          "service clusters: sample Redis operator and KubeCarrier's identity",
          "provider acme registers eu-west-1 and us-east-1",
          "provider acme offers Redis, RedisBackup, RedisRestore in a Catalog",
          "tenants see their Offerings and Regions",
          "alice (team-a) and bob (team-b) each create a Redis in a region",
          "both Redis instances are Running",
          "alice and bob read their connection Secrets",
          "alice's password goes down, cache-redis-auth comes back up",
          "alice takes a RedisBackup of her Redis",
          "bob cannot see or touch alice's instances");

  /** Lines of the usage block ({@link Usage}). */
  static final List<String> USAGE =
      List.of(
          "KubeCarrier is running.",
          "Kubeconfigs",
          "platform operator (admin)",
          "provider acme-admin",
          "tenant alice (team-a)",
          "tenant bob (team-b)",
          "service cluster eu-west-1",
          "service cluster us-east-1",
          "Try",
          "alias kubectl=",
          "Operators",
          "account-operator",
          "cluster-registry",
          "catalog-operator",
          "propagation-agent",
          "Stop and remove everything: ./kc down");

  static final Path REPO = K8sBinaries.repoRoot();
  static final Path STATE = REPO.resolve("e2e/target/kc-up-it/state");
  static final Path OUT = REPO.resolve("e2e/target/kc-up-it");

  @AfterAll
  static void downAnyway() throws Exception {
    // After a failed assertion: leave nothing behind (./kc down is idempotent).
    if (Files.exists(STATE)) {
      kc("down-after", "down");
    }
  }

  @Test
  void upShowsEveryStepAndTheUsageAndDownLeavesNoProcessOrPort() throws Exception {
    Result up = kc("up", "up");
    assertThat(up.exitCode).as("./kc up exit code; output:\n" + up.output).isZero();
    String out = up.output;

    assertThat(out).contains("==> Kubernetes binaries", "==> building the hub: skipped");
    List<String> titles = new ArrayList<>(HUB_STEPS);
    titles.addAll(WALKTHROUGH_STEPS);
    // "==> [n] title", the step's own lines, "    done in 1.2 s"
    Pattern start = Pattern.compile("^==> \\[(\\d+)\\] (.+)$");
    List<String> started = new ArrayList<>();
    List<String> done = new ArrayList<>();
    for (String line : out.lines().toList()) {
      Matcher m = start.matcher(line);
      if (m.matches()) {
        assertThat(Integer.parseInt(m.group(1))).as(line).isEqualTo(started.size() + 1);
        started.add(m.group(2));
      } else if (line.matches("^    done in [0-9.]+ s$")) {
        assertThat(done).as("a step finished twice: " + line).hasSize(started.size() - 1);
        done.add(started.get(started.size() - 1));
      }
    }
    assertThat(done).as("the finished steps ./kc up printed:\n" + out).isEqualTo(titles);
    assertThat(out).contains(USAGE);
    assertThat(out.indexOf("KubeCarrier is running."))
        .as("the usage block comes after the last step")
        .isGreaterThan(out.indexOf(titles.get(titles.size() - 1)));
    assertThat(out).containsPattern("==> ready in \\d+ s");
    assertThat(out.lines().filter(l -> l.contains("ERROR") || l.contains("FAILED")))
        .as("ERROR or FAILED lines")
        .isEmpty();
    for (String kubeconfig :
        List.of("management", "eu-west-1", "us-east-1", "acme-admin", "alice", "bob")) {
      assertThat(STATE.resolve(kubeconfig + ".kubeconfig")).isRegularFile();
    }

    long hubPid = Long.parseLong(Files.readString(STATE.resolve("hub.pid")).trim());
    Set<Long> pids = new TreeSet<>();
    pids.add(hubPid);
    ProcessHandle.of(hubPid).orElseThrow().descendants().forEach(h -> pids.add(h.pid()));
    Map<Long, Set<Integer>> ports = listeningPorts(pids);
    Set<Integer> allPorts = new TreeSet<>();
    ports.values().forEach(allPorts::addAll);
    // 3 API servers, etcd, 4 operators at least.
    assertThat(allPorts).as("ports the hub's processes listen on: " + ports).hasSizeGreaterThan(7);

    Result status = kc("status", "status");
    assertThat(status.exitCode).isZero();
    assertThat(status.output).contains("running (pid " + hubPid + ")").contains(USAGE);

    Result down = kc("down", "down");
    assertThat(down.exitCode).as(down.output).isZero();
    assertThat(down.output)
        .contains("stopping the hub (pid " + hubPid + ")")
        .doesNotContain("killed");
    assertThat(STATE).doesNotExist();
    assertThat(pids.stream().filter(KcUpIT::alive)).as("processes left by ./kc down").isEmpty();
    for (int port : allPorts) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException e) {
        throw new AssertionError("port " + port + " is still taken after ./kc down", e);
      }
    }
    Result again = kc("status-after", "status");
    assertThat(again.output).contains("not running");
  }

  record Result(int exitCode, String output) {}

  /** Runs {@code ./kc ARGS} from the repository root; its output also goes to target/kc-up-it/. */
  static Result kc(String name, String... args) throws IOException, InterruptedException {
    Files.createDirectories(OUT);
    Path log = OUT.resolve(name + ".out");
    List<String> cmd = new ArrayList<>(List.of("bash", REPO.resolve("kc").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(REPO.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(log.toFile());
    pb.environment().put("KC_STATE", STATE.toString());
    pb.environment().put("KC_SKIP_BUILD", "1");
    pb.environment().put("KC_CLASSPATH", classPath());
    Process p = pb.start();
    if (!p.waitFor(20, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("./kc " + String.join(" ", args) + " did not finish; see " + log);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println("[KcUpIT] ./kc " + String.join(" ", args) + ":\n" + output);
    return new Result(p.exitValue(), output);
  }

  /** This test's class path: e2e's classes and every dependency, the hub's main included. */
  static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /** Alive and not a zombie. */
  static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /** The TCP ports each of the processes listens on (from /proc/net/tcp{,6} and their fds). */
  static Map<Long, Set<Integer>> listeningPorts(Set<Long> pids) throws IOException {
    Map<String, Integer> portOfInode = new HashMap<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path t = Path.of(table);
      if (!Files.exists(t)) {
        continue;
      }
      // read once: the table changes between two reads
      List<String> lines = Files.readAllLines(t);
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && f[3].equals("0A")) { // LISTEN
          String local = f[1];
          portOfInode.put(f[9], Integer.parseInt(local.substring(local.indexOf(':') + 1), 16));
        }
      }
    }
    Map<Long, Set<Integer>> result = new HashMap<>();
    for (long pid : pids) {
      Path fds = Path.of("/proc/" + pid + "/fd");
      List<Path> links;
      try (Stream<Path> s = Files.list(fds)) {
        links = s.collect(Collectors.toList());
      } catch (IOException e) {
        continue; // gone
      }
      for (Path fd : links) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            Integer port = portOfInode.get(target.substring(8, target.length() - 1));
            if (port != null) {
              result.computeIfAbsent(pid, k -> new TreeSet<>()).add(port);
            }
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    return result;
  }
}
