package io.kubecarrier.testkit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** One etcd on loopback; clusters share it, each under its own key prefix. */
public final class Etcd implements AutoCloseable {

  private final int clientPort = Ports.free();
  private final int peerPort = Ports.free();
  private final ManagedProcess process;

  public Etcd(Path dir) {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    process =
        new ManagedProcess(
            "etcd",
            List.of(
                K8sBinaries.binary("etcd").toString(),
                "--name=kubecarrier-test",
                "--data-dir=" + dir.resolve("data"),
                "--listen-client-urls=" + client,
                "--advertise-client-urls=" + client,
                "--listen-peer-urls=" + peer,
                "--initial-advertise-peer-urls=" + peer,
                "--initial-cluster=kubecarrier-test=" + peer,
                "--unsafe-no-fsync=true",
                "--quota-backend-bytes=4294967296",
                "--log-level=warn"),
            dir.resolve("etcd.log"));
  }

  public Etcd start(Duration timeout) {
    process.start();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited:\n" + process.tail(30));
      }
      try {
        HttpResponse<String> r =
            http.send(
                // a request timeout too: a process that accepted the connection but does not
                // answer (starting, or stopped by a signal) would otherwise hang the start forever
                HttpRequest.newBuilder(URI.create(url() + "/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("true")) {
          return this;
        }
      } catch (Exception e) {
        // not up yet
      }
      Waits.pause(Duration.ofMillis(100));
    }
    throw new IllegalStateException(
        "etcd not healthy within " + timeout + ":\n" + process.tail(30));
  }

  /**
   * Stops etcd (SIGTERM; data kept) and starts it again on the same ports: every API server of the
   * set loses its storage meanwhile and reconnects by itself.
   */
  public Etcd restart(Duration timeout) {
    process.stop();
    return start(timeout);
  }

  public String url() {
    return "http://127.0.0.1:" + clientPort;
  }

  @Override
  public void close() {
    process.stop();
  }
}
