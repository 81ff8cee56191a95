package io.kubecarrier.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Open TCP connections of a process, from {@code /proc}: its socket file descriptors matched
 * against the established connections of {@code /proc/PID/net/tcp} and {@code tcp6}.
 */
final class Sockets {

  private static final String ESTABLISHED = "01";

  private Sockets() {}

  /** Remote port → established connections of process {@code pid} to it (empty when gone). */
  static Map<Integer, Integer> byRemotePort(long pid) {
    Map<Integer, Integer> ports = new TreeMap<>();
    Path proc = Path.of("/proc", Long.toString(pid));
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      fds.forEach(
          fd -> {
            try {
              String link = Files.readSymbolicLink(fd).toString();
              if (link.startsWith("socket:[")) {
                inodes.add(link.substring(8, link.length() - 1));
              }
            } catch (IOException e) {
              // closed meanwhile
            }
          });
      for (String table : List.of("tcp", "tcp6")) {
        List<String> lines = Files.readAllLines(proc.resolve("net").resolve(table));
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 9 && ESTABLISHED.equals(f[3]) && inodes.contains(f[9])) {
            int port = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
            ports.merge(port, 1, Integer::sum);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone, or a descriptor closed while listing them: said, not hidden
      System.err.printf("[sockets] connections of process %d not read: %s%n", pid, e);
    }
    return ports;
  }
}
