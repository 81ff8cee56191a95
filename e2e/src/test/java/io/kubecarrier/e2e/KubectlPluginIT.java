package io.kubecarrier.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.testkit.K8sBinaries;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The kubectl plugin ({@code plugin/kubectl-kubecarrier}, docs/kubectl-plugin.md) run for real as
 * {@code kubectl kubecarrier ...} (found on the PATH by the pinned kubectl) against the shared hub:
 * it registers a service cluster that turns Ready, describes the provider, a tenant and an
 * instance, lets go of the cluster, and refuses bad input with a clear message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlPluginIT {

  static final Duration TIMEOUT = Duration.ofMinutes(2);
  static final String REGION = "eu-west-1";

  final String id = UUID.randomUUID().toString().substring(0, 4);
  final String provider = "plug-" + id;
  final String tenant = "plugt-" + id;
  Hub hub;
  KubernetesClient admin;

  /** Where the instance runs in the service cluster (the agent's status, read by the test). */
  String serviceNamespace;

  record Run(int exitCode, String output) {}

  @BeforeAll
  void setUp() {
    hub = io.kubecarrier.e2e.lifecycle.SharedHub.get();
    admin = hub.management().adminClient();
    Walkthrough.apply(admin, Walkthrough.account(provider, "Provider", provider + "-admin", "P"));
    Walkthrough.apply(admin, Walkthrough.account(tenant, "Tenant", tenant + "-user", "T"));
    Walkthrough.awaitReady(admin, Api.CATALOG, "Account", null, provider);
    Walkthrough.awaitReady(admin, Api.CATALOG, "Account", null, tenant);
    KubeCluster c = hub.clusters().get(REGION);
    SampleRedisOperator.shared(c.name(), c.adminClient());
  }

  /** Leaves the shared hub as found: the instance, then the accounts (their deletion cascades). */
  @AfterAll
  void tearDown() {
    try {
      admin
          .genericKubernetesResources(
              provider + "." + Api.HUB_DOMAIN + "/" + SampleRedisOperator.VERSION, "Redis")
          .inNamespace(tenant)
          .withName("cache")
          .delete();
    } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
      // the kind is not there (the test failed before offering it)
    }
    for (String account : List.of(tenant, provider)) {
      admin.genericKubernetesResources(Api.CATALOG, "Account").withName(account).delete();
    }
  }

  /** {@code kubectl kubecarrier args...} with the management cluster as current context. */
  Run plugin(String... args) {
    Path kubectl = K8sBinaries.binary("kubectl");
    Path pluginDir = K8sBinaries.repoRoot().resolve("plugin");
    List<String> cmd = new ArrayList<>(List.of(kubectl.toString(), "kubecarrier"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment()
        .put(
            "PATH",
            pluginDir + ":" + kubectl.getParent() + ":" + System.getenv().getOrDefault("PATH", ""));
    pb.environment().put("KUBECONFIG", hub.management().adminKubeconfig().toString());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError("kubectl kubecarrier " + String.join(" ", args) + " hangs");
      }
      Run r = new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
      System.out.printf(
          "$ kubectl kubecarrier %s  (exit %d)%n%s%n",
          String.join(" ", args), r.exitCode(), r.output());
      return r;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  @Order(1)
  void registerClusterMakesAReadyServiceCluster() {
    Path kubeconfig = hub.clusters().get(REGION).adminKubeconfig();
    Run r =
        plugin(
            "register-cluster",
            REGION,
            "--service-kubeconfig",
            kubeconfig.toString(),
            "--namespace",
            provider,
            "--labels",
            "kubecarrier.io/tier=plugin,team=" + id);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output()).contains("ServiceCluster " + provider + "/" + REGION + " is Ready:");
    assertThat(r.output()).containsPattern("Ready=True");
    GenericKubernetesResource sc =
        Walkthrough.get(admin, Api.CORE, "ServiceCluster", provider, REGION);
    assertThat(sc.getMetadata().getLabels())
        .containsEntry("kubecarrier.io/tier", "plugin")
        .containsEntry("team", id);
    assertThat(admin.secrets().inNamespace(provider).withName(REGION + "-kubeconfig").get())
        .isNotNull();
  }

  @Test
  @Order(2)
  void describeShowsAccountsAndAnInstanceAcrossClusters() {
    offerRedisTo(tenant);
    String group = provider + "." + Api.HUB_DOMAIN;
    String tenantCrd = SampleRedisOperator.PLURAL + "." + group;
    await("Offering of " + tenantCrd + " in " + tenant)
        .atMost(TIMEOUT)
        .until(() -> Walkthrough.get(admin, Api.CATALOG, "Offering", tenant, tenantCrd) != null);
    Walkthrough.apply(
        admin,
        """
        apiVersion: %s/%s
        kind: Redis
        metadata: {name: cache, namespace: %s}
        spec: {version: "7.2", memory: 256Mi}
        """
            .formatted(group, SampleRedisOperator.VERSION, tenant));
    GenericKubernetesResource cache =
        await("cache Synced and Offered")
            .atMost(TIMEOUT)
            .until(
                () ->
                    Walkthrough.get(
                        admin, group + "/" + SampleRedisOperator.VERSION, "Redis", tenant, "cache"),
                r -> synced(r));
    serviceNamespace = String.valueOf(Walkthrough.kubecarrier(cache, "serviceNamespace"));

    Run p = plugin("describe", "account", provider);
    assertThat(p.exitCode()).as(p.output()).isZero();
    assertThat(p.output())
        .contains("Roles:        Provider")
        .contains("Namespace:    " + provider)
        .contains("ServiceClusters (namespace " + provider + "):")
        .containsPattern("(?m)^  " + REGION + " +True +True")
        .containsPattern("(?m)^  gold +" + "\\S+ +" + tenant + " +True");

    Run t = plugin("describe", "account", tenant);
    assertThat(t.exitCode()).as(t.output()).isZero();
    assertThat(t.output())
        .contains("Roles:        Tenant")
        .contains("Offerings (namespace " + tenant + "):")
        .contains("Instances of " + tenantCrd + ":")
        .containsPattern("(?m)^  cache +" + REGION + " +" + serviceNamespace + " +True +True");

    Run i = plugin("describe", "instance", tenantCrd + "/cache", "-n", tenant);
    assertThat(i.exitCode()).as(i.output()).isZero();
    assertThat(i.output())
        .contains("Service cluster:   " + REGION)
        .contains("Service namespace: " + serviceNamespace)
        .contains("  Synced=True")
        .contains("  Offered=True")
        .contains("Connection Secret:")
        .contains("Events:");
  }

  @Test
  @Order(3)
  void letGoAsksAndThenSetsTheAnnotation() {
    Run refused = plugin("let-go", REGION, "-n", provider);
    assertThat(refused.exitCode()).as(refused.output()).isNotZero();
    assertThat(refused.output()).contains("pass --yes");
    assertThat(annotations()).doesNotContainKey("kubecarrier.io/let-go");

    Run r = plugin("let-go", REGION, "-n", provider, "--yes");
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.output())
        .contains("stays behind")
        .contains(serviceNamespace)
        .contains(tenant + "/cache")
        .contains("annotated kubecarrier.io/let-go=true");
    assertThat(annotations()).containsEntry("kubecarrier.io/let-go", "true");
  }

  @Test
  @Order(4)
  void badInputFailsWithAClearMessage() throws IOException {
    Run unknown = plugin("frobnicate");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.output()).contains("unknown command 'frobnicate'");

    Path missing = Files.createTempDirectory("plugin-it").resolve("nope.kubeconfig");
    Run noFile =
        plugin(
            "register-cluster", "x1", "--service-kubeconfig", missing.toString(), "-n", provider);
    assertThat(noFile.exitCode()).isNotZero();
    assertThat(noFile.output()).contains("service kubeconfig " + missing + ": no such");
    assertThat(Walkthrough.get(admin, Api.CORE, "ServiceCluster", provider, "x1")).isNull();

    Run noName = plugin("register-cluster", "--service-kubeconfig", missing.toString());
    assertThat(noName.exitCode()).isNotZero();
    assertThat(noName.output()).contains("NAME is required");

    Run noInstance = plugin("describe", "instance", "secret/nope", "-n", provider);
    assertThat(noInstance.exitCode()).isNotZero();
    assertThat(noInstance.output()).contains("secret/nope in namespace " + provider);

    Run noAccount = plugin("describe", "account", "nope-" + id);
    assertThat(noAccount.exitCode()).isNotZero();
    assertThat(noAccount.output()).contains("Account nope-" + id + " not found");
  }

  /** Synced=True and Offered=True in {@code status.kubecarrier.conditions}. */
  private static boolean synced(GenericKubernetesResource r) {
    return Walkthrough.kubecarrier(r, "conditions") instanceof List<?> conditions
        && List.of("Synced", "Offered").stream()
            .allMatch(
                type ->
                    conditions.stream()
                        .anyMatch(
                            c ->
                                c instanceof Map<?, ?> m
                                    && type.equals(m.get("type"))
                                    && "True".equals(m.get("status"))));
  }

  private Map<String, String> annotations() {
    Map<String, String> a =
        Walkthrough.get(admin, Api.CORE, "ServiceCluster", provider, REGION)
            .getMetadata()
            .getAnnotations();
    return a == null ? Map.of() : a;
  }

  /** The sample Redis of the registered cluster, in a Catalog for {@code tenantAccount}. */
  private void offerRedisTo(String tenantAccount) {
    Walkthrough.apply(
        admin,
        """
        apiVersion: catalog.kubecarrier.io/v1alpha1
        kind: CatalogEntrySet
        metadata: {name: redis, namespace: %s}
        spec:
          metadata: {displayName: Redis}
          discover:
            crd: {name: %s}
            serviceClusterSelector:
              matchLabels: {kubecarrier.io/tier: plugin}
        """
            .formatted(provider, SampleRedisOperator.CRD_NAME));
    Walkthrough.apply(
        admin,
        """
        apiVersion: catalog.kubecarrier.io/v1alpha1
        kind: Catalog
        metadata: {name: gold, namespace: %s}
        spec:
          catalogEntrySelector: {}
          tenantSelector:
            matchExpressions:
            - {key: kubecarrier.io/account, operator: In, values: [%s]}
        """
            .formatted(provider, tenantAccount));
    Walkthrough.awaitReady(admin, Api.CATALOG, "Catalog", provider, "gold");
  }

  /** API versions, as in the lifecycle tests. */
  static final class Api {
    static final String CATALOG = "catalog.kubecarrier.io/v1alpha1";
    static final String CORE = "kubecarrier.io/v1alpha1";
    static final String HUB_DOMAIN = "hub.kubecarrier.io";

    private Api() {}
  }
}
