package io.kubecarrier.testkit;

import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One real Kubernetes control plane on loopback: a kube-apiserver (RBAC authorization, token
 * authentication, service-account token issuing) over a shared etcd under its own key prefix, and a
 * kube-controller-manager running the namespace, garbage-collector and service-account controllers.
 *
 * <p>The API server can be stopped and started again on the same port, certificate and data, to
 * test outages.
 */
public final class KubeCluster implements AutoCloseable {

  public static final String ADMIN_USER = "kc-admin";

  private final String name;
  private final Path dir;
  private final Etcd etcd;
  private final int port = Ports.free();
  private final String adminToken = randomToken();
  private final ManagedProcess apiServer;
  private final ManagedProcess controllerManager;
  private volatile KubernetesClient adminClient;
  private volatile boolean controllerManagerWanted;
  private Thread supervisor;
  private volatile String caPem;

  KubeCluster(String name, Etcd etcd, Path baseDir) {
    this.name = name;
    this.etcd = etcd;
    this.dir = baseDir.resolve(name).toAbsolutePath();
    this.apiServer =
        new ManagedProcess(
            name + "/kube-apiserver", apiServerCommand(), dir.resolve("apiserver.log"));
    this.controllerManager =
        new ManagedProcess(
            name + "/kube-controller-manager",
            controllerManagerCommand(),
            dir.resolve("controller-manager.log"));
  }

  public String name() {
    return name;
  }

  /** https://127.0.0.1:PORT */
  public String url() {
    return "https://127.0.0.1:" + port;
  }

  public Path directory() {
    return dir;
  }

  /** PEM of the API server's CA (self-signed at first start, kept across restarts). */
  public String caCertPem() {
    if (caPem == null) {
      try {
        caPem = Files.readString(dir.resolve("certs/apiserver.crt"));
      } catch (IOException e) {
        throw new UncheckedIOException("API server of " + name + " has not written its cert", e);
      }
    }
    return caPem;
  }

  public String adminToken() {
    return adminToken;
  }

  KubeCluster start(Duration timeout) {
    try {
      Files.createDirectories(dir.resolve("certs"));
      Files.writeString(
          dir.resolve("tokens.csv"),
          adminToken + "," + ADMIN_USER + "," + ADMIN_USER + ",\"system:masters\"\n");
      Pem.writeRsaKeyPair(dir.resolve("sa.key"), dir.resolve("sa.pub"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    startApiServerOnly(timeout);
    writeKubeconfig(dir.resolve("admin.kubeconfig"), ADMIN_USER, adminToken);
    startControllerManager();
    return this;
  }

  /**
   * Starts the controller manager and keeps it running, as a kubelet would: if it exits while the
   * API server is meant to be up, it is started again and the exit is reported on stderr with the
   * end of its log (a dead controller manager otherwise shows up much later as namespaces that
   * never finish deleting).
   */
  private synchronized void startControllerManager() {
    controllerManagerWanted = true;
    controllerManager.start();
    if (supervisor == null) {
      supervisor =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  try {
                    Thread.sleep(2_000);
                  } catch (InterruptedException e) {
                    return;
                  }
                  restartControllerManagerIfItDied();
                }
              },
              name + "-kcm-supervisor");
      supervisor.setDaemon(true);
      supervisor.start();
    }
  }

  private synchronized void restartControllerManagerIfItDied() {
    if (controllerManagerWanted && !controllerManager.isAlive()) {
      System.err.println(
          "[testkit] kube-controller-manager of "
              + name
              + " exited; starting it again. End of its log:\n"
              + controllerManager.tail(15));
      controllerManager.start();
    }
  }

  private synchronized void stopControllerManager() {
    controllerManagerWanted = false;
    controllerManager.stop();
  }

  /**
   * Starts (or restarts) the API server, waits until /readyz answers ok, and starts the controller
   * manager again if an outage stopped it.
   */
  public void startApiServer(Duration timeout) {
    startApiServerOnly(timeout);
    if (Files.exists(dir.resolve("admin.kubeconfig"))) {
      startControllerManager();
    }
  }

  private void startApiServerOnly(Duration timeout) {
    apiServer.start();
    Instant deadline = Instant.now().plus(timeout);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      if (!apiServer.isAlive()) {
        throw new IllegalStateException(
            "kube-apiserver of " + name + " exited:\n" + apiServer.tail(40));
      }
      if (Files.exists(dir.resolve("certs/apiserver.crt"))) {
        // read the certificate again at every attempt: the API server writes it in place (not
        // atomically), so a read while it is being written is partial, and a partial one kept
        // for good would fail every handshake until the timeout
        caPem = null;
        try {
          HttpResponse<String> r =
              httpClient()
                  .send(
                      HttpRequest.newBuilder(URI.create(url() + "/readyz"))
                          .header("Authorization", "Bearer " + adminToken)
                          .timeout(Duration.ofSeconds(2))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return;
          }
          last = r.statusCode() + " " + r.body();
        } catch (Exception e) {
          last = e.toString();
        }
      }
      Waits.pause(Duration.ofMillis(200));
    }
    throw new IllegalStateException(
        "kube-apiserver of "
            + name
            + " not ready within "
            + timeout
            + " ("
            + last
            + "):\n"
            + apiServer.tail(40));
  }

  /**
   * Stops this cluster's control plane (API server and controller manager; etcd and data stay), to
   * simulate an outage. {@link #startApiServer} brings both back.
   */
  public void stopApiServer() {
    stopControllerManager();
    apiServer.stop();
  }

  /**
   * Freezes the API server with SIGSTOP: its port stays open and its connections stay up, but it
   * answers nothing (a hung node, a GC pause, a stuck load balancer) until {@link #thawApiServer}.
   */
  public void freezeApiServer() {
    apiServer.signal("STOP");
  }

  /** SIGCONT after {@link #freezeApiServer}. */
  public void thawApiServer() {
    apiServer.signal("CONT");
  }

  public boolean isApiServerRunning() {
    return apiServer.isAlive();
  }

  /** A cluster-admin client (cached; do not close it). */
  public KubernetesClient adminClient() {
    if (adminClient == null) {
      synchronized (this) {
        if (adminClient == null) {
          adminClient = client(adminToken);
        }
      }
    }
    return adminClient;
  }

  /** A new client authenticated with a bearer token; the caller closes it. */
  public KubernetesClient client(String token) {
    return new KubernetesClientBuilder().withConfig(config(token)).build();
  }

  /**
   * A new admin client that impersonates {@code user} with {@code groups}; requests are then
   * authorized by the real RBAC authorizer as that user. The caller closes it.
   */
  public KubernetesClient impersonating(String user, String... groups) {
    Config config = config(adminToken);
    config.setImpersonateUsername(user);
    config.setImpersonateGroups(groups);
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  public Config config(String token) {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withCaCertData(base64(caCertPem()))
        .withOauthToken(token)
        .withRequestTimeout(30_000)
        .withConnectionTimeout(5_000)
        .withRequestRetryBackoffLimit(0)
        .build();
  }

  /** A token for a ServiceAccount through the TokenRequest API (the SA must exist). */
  public String serviceAccountToken(String namespace, String serviceAccount, Duration ttl) {
    TokenRequest req =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(ttl.toSeconds())
            .endSpec()
            .build();
    return adminClient()
        .serviceAccounts()
        .inNamespace(namespace)
        .withName(serviceAccount)
        .tokenRequest(req)
        .getStatus()
        .getToken();
  }

  /** A kubeconfig document for this cluster that authenticates with {@code token}. */
  public String kubeconfig(String user, String token) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
            certificate-authority-data: %3$s
        users:
        - name: %4$s
          user:
            token: %5$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %4$s
        current-context: %1$s
        """
        .formatted(name, url(), base64(caCertPem()), user, token);
  }

  public Path writeKubeconfig(Path file, String user, String token) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, kubeconfig(user, token));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path adminKubeconfig() {
    return dir.resolve("admin.kubeconfig");
  }

  /**
   * Runs the pinned kubectl against this cluster as admin; returns its stdout+stderr and exit code.
   */
  public Kubectl.Result kubectl(String... args) {
    return Kubectl.run(adminKubeconfig(), args);
  }

  @Override
  public void close() {
    KubernetesClient c = adminClient;
    if (c != null) {
      c.close();
    }
    stopControllerManager();
    Thread s = supervisor;
    if (s != null) {
      s.interrupt();
    }
    apiServer.stop();
  }

  private List<String> apiServerCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(K8sBinaries.binary("kube-apiserver").toString());
    cmd.add("--etcd-servers=" + etcd.url());
    cmd.add("--etcd-prefix=/clusters/" + name);
    cmd.add("--bind-address=127.0.0.1");
    cmd.add("--advertise-address=127.0.0.1");
    cmd.add("--secure-port=" + port);
    cmd.add("--cert-dir=" + dir.resolve("certs"));
    cmd.add("--token-auth-file=" + dir.resolve("tokens.csv"));
    cmd.add("--authorization-mode=RBAC");
    cmd.add("--service-account-issuer=https://kubernetes.default.svc.cluster.local");
    cmd.add("--service-account-key-file=" + dir.resolve("sa.pub"));
    cmd.add("--service-account-signing-key-file=" + dir.resolve("sa.key"));
    cmd.add("--service-cluster-ip-range=10.96.0.0/16");
    cmd.add("--allow-privileged=false");
    cmd.add("--profiling=false");
    cmd.add("--enable-priority-and-fairness=false");
    cmd.add("--endpoint-reconciler-type=none");
    cmd.add("--disable-admission-plugins=ServiceAccount");
    cmd.add("--v=1");
    return cmd;
  }

  private List<String> controllerManagerCommand() {
    return List.of(
        K8sBinaries.binary("kube-controller-manager").toString(),
        "--kubeconfig=" + dir.resolve("admin.kubeconfig"),
        "--controllers=namespace-controller,garbage-collector-controller,serviceaccount-controller,clusterrole-aggregation-controller",
        "--leader-elect=false",
        "--bind-address=127.0.0.1",
        // No serving port: nothing reads it, and a port picked in advance can be taken by an
        // outgoing connection before the process binds it (the controller manager then exits and
        // no namespace is ever deleted again).
        "--secure-port=0",
        "--cert-dir=" + dir.resolve("kcm-certs"),
        "--use-service-account-credentials=false",
        "--concurrent-namespace-syncs=5",
        "--v=1");
  }

  private HttpClient httpClient() throws Exception {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    int i = 0;
    for (Certificate c :
        cf.generateCertificates(
            new ByteArrayInputStream(caCertPem().getBytes(StandardCharsets.UTF_8)))) {
      ks.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(2)).build();
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String randomToken() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
