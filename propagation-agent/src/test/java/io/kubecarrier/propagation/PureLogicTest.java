package io.kubecarrier.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentry.CatalogEntryStatus;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.clusters.Kubeconfigs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The agent's pure parts: builders, status logic, paths, queue, selectors. */
class PureLogicTest {

  static final Clock T0 = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  static final Clock T1 = Clock.fixed(Instant.parse("2026-01-01T00:01:00Z"), ZoneOffset.UTC);

  static final OfferedKind KIND =
      new OfferedKind(
          "acme",
          "redis",
          new ResourceType("acme.hub.test", "v1", "Redis", "redis"),
          new ResourceType("cache.example.com", "v1", "Redis", "redis"),
          List.of(".spec.version", ".status.phase"),
          List.of("eu-west-1"));

  static GenericKubernetesResource tenant(Map<String, Object> spec) {
    GenericKubernetesResource t = new GenericKubernetesResource();
    t.setApiVersion("acme.hub.test/v1");
    t.setKind("Redis");
    t.setMetadata(new ObjectMeta());
    t.getMetadata().setName("cache");
    t.getMetadata().setNamespace("team-a");
    t.getMetadata().setGeneration(3L);
    t.setAdditionalProperty("spec", spec);
    return t;
  }

  @Test
  void desiredServiceObjectCarriesOnlyExposedSpecAndOwnerLabels() {
    GenericKubernetesResource d =
        ServiceObjects.desired(
            KIND,
            tenant(Map.of("version", "7.2", "secret", "no")),
            new Placement("acme", "eu-west-1", "kc-team-a"));
    assertThat(d.getApiVersion()).isEqualTo("cache.example.com/v1");
    assertThat(d.getMetadata().getNamespace()).isEqualTo("kc-team-a");
    assertThat(d.getMetadata().getName()).isEqualTo("cache");
    assertThat(ServiceObjects.map(d, "spec")).isEqualTo(Map.of("version", "7.2"));
    assertThat(d.getMetadata().getLabels())
        .containsEntry(Labels.OWNER_NAMESPACE, "team-a")
        .containsEntry(Labels.OWNER_NAME, "cache")
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_PROPAGATION_AGENT);
    assertThat(ServiceObjects.owner(KIND, d))
        .contains(new WorkItem.Instance("acme/redis", "team-a", "cache"));
  }

  @Test
  void upToDateIgnoresFieldsOwnedByOthersButSeesDrift() {
    GenericKubernetesResource d =
        ServiceObjects.desired(
            KIND, tenant(Map.of("version", "7.2")), new Placement("acme", "eu-west-1", "kc-a"));
    GenericKubernetesResource actual =
        ServiceObjects.desired(
            KIND, tenant(Map.of("version", "7.2")), new Placement("acme", "eu-west-1", "kc-a"));
    actual.setAdditionalProperty(
        "spec", new LinkedHashMap<>(Map.of("version", "7.2", "memory", "1Gi")));
    actual.getMetadata().getLabels().put("other", "x");
    assertThat(ServiceObjects.upToDate(actual, d)).isTrue();
    actual.setAdditionalProperty("spec", Map.of("version", "6.0"));
    assertThat(ServiceObjects.upToDate(actual, d)).isFalse();
    assertThat(ServiceObjects.upToDate(null, d)).isFalse();
  }

  @Test
  void exposedPathsSelectSubtrees() {
    ExposedPaths p = new ExposedPaths(List.of(".spec.a.b", ".status.phase", ".spec.c"));
    assertThat(p.spec(Map.of("a", Map.of("b", 1, "x", 2), "c", List.of(1), "d", 4)))
        .isEqualTo(Map.of("a", Map.of("b", 1), "c", List.of(1)));
    assertThat(p.status(Map.of("phase", "Running", "endpoint", "e")))
        .isEqualTo(Map.of("phase", "Running"));
    assertThat(new ExposedPaths(List.of()).spec(Map.of("x", 1))).isEqualTo(Map.of("x", 1));
    assertThat(ExposedPaths.covers(Map.of("n", 1L), Map.of("n", 1))).isTrue();
  }

  @Test
  void statusIsWrittenOnlyWhenItChangesAndTransitionTimesStay() {
    Placement pl = new Placement("acme", "eu-west-1", "kc-a");
    Map<String, Object> first =
        InstanceStatus.from(Map.of())
            .copied(Map.of("phase", "Running"))
            .placement(pl)
            .observedGeneration(3L)
            .synced()
            .condition(Condition.ofTrue(ConditionTypes.SYNCED, Reasons.SYNCED, "ok"))
            .build(T0)
            .orElseThrow();
    assertThat(first).containsEntry("phase", "Running");
    Map<String, Object> block = InstanceStatus.block(first);
    assertThat(block)
        .containsEntry("serviceCluster", "eu-west-1")
        .containsEntry("serviceNamespace", "kc-a")
        .containsEntry("observedGeneration", 3L)
        .containsEntry("lastSyncTime", "2026-01-01T00:00:00Z");
    // same inputs later: nothing to write
    assertThat(
            InstanceStatus.from(first)
                .copied(Map.of("phase", "Running"))
                .placement(pl)
                .observedGeneration(3L)
                .synced()
                .condition(Condition.ofTrue(ConditionTypes.SYNCED, Reasons.SYNCED, "ok"))
                .build(T1))
        .isEmpty();
    // unreachable: the copied status stays, the condition changes, its time moves
    Map<String, Object> later =
        InstanceStatus.from(first)
            .condition(
                Condition.ofFalse(
                    ConditionTypes.SERVICE_CLUSTER_REACHABLE, Reasons.CLUSTER_UNREACHABLE, "down"))
            .build(T1)
            .orElseThrow();
    assertThat(later).containsEntry("phase", "Running");
    List<Condition> conds = InstanceStatus.conditions(later);
    assertThat(conds)
        .extracting(Condition::getType)
        .containsExactly(ConditionTypes.SYNCED, ConditionTypes.SERVICE_CLUSTER_REACHABLE);
    assertThat(conds.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(InstanceStatus.block(later)).containsEntry("lastSyncTime", "2026-01-01T00:00:00Z");
  }

  @Test
  void connectionSecretCopyKeepsDataAndNamesTheInstance() {
    var src =
        new SecretBuilder()
            .withNewMetadata()
            .withName("cache-auth")
            .withNamespace("kc-a")
            .endMetadata()
            .addToData("password", "cw==")
            .build();
    var copy = ServiceObjects.tenantSecret(KIND, tenant(Map.of()), src, "eu-west-1");
    assertThat(copy.getMetadata().getName()).isEqualTo("cache-redis-connection.acme.hub.test");
    assertThat(copy.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(copy.getData()).containsEntry("password", "cw==");
    assertThat(copy.getType()).isEqualTo("Opaque");
    GenericKubernetesResource svc = tenant(Map.of());
    svc.setAdditionalProperty(
        "status", Map.of("connectionSecretRef", Map.of("name", "cache-auth")));
    assertThat(ServiceObjects.connectionSecretRef(svc)).contains("cache-auth");
  }

  @Test
  void adoptedTenantObjectGetsRegionAndExposedSpec() {
    GenericKubernetesResource svc = tenant(Map.of("version", "6.2", "internal", true));
    GenericKubernetesResource t = ServiceObjects.adopted(KIND, svc, "team-b", "eu-west-1");
    assertThat(t.getApiVersion()).isEqualTo("acme.hub.test/v1");
    assertThat(t.getMetadata().getNamespace()).isEqualTo("team-b");
    assertThat(t.getMetadata().getLabels()).containsEntry(Labels.REGION, "eu-west-1");
    assertThat(ServiceObjects.map(t, "spec")).isEqualTo(Map.of("version", "6.2"));
  }

  @Test
  void offeredKindNeedsACompleteEntryReadyOrNot() {
    CatalogEntry e = new CatalogEntry();
    e.setMetadata(new ObjectMeta());
    e.getMetadata().setName("redis");
    e.getMetadata().setNamespace("acme");
    assertThat(OfferedKind.from(e)).isEmpty();
    CatalogEntryStatus s = new CatalogEntryStatus();
    s.setTenantCrd(new CrdInformation("acme.hub.test", "Redis", "redis", List.of("v1"), "v1"));
    s.setServiceCrd(new CrdInformation("cache.example.com", "Redis", "redis", List.of("v1"), "v1"));
    s.setRegions(List.of("eu-west-1"));
    e.setStatus(s);
    // not Ready (or being deleted): its instances still need the agent
    assertThat(OfferedKind.from(e)).as("not Ready, but complete").isPresent();
    s.setCondition(Condition.ofTrue(ConditionTypes.READY, Reasons.READY, "ok"), T0);
    OfferedKind k = OfferedKind.from(e).orElseThrow();
    s.setServiceCrd(null);
    assertThat(OfferedKind.from(e)).as("no service CRD").isEmpty();
    assertThat(k.entryKey()).isEqualTo("acme/redis");
    assertThat(k.tenant()).isEqualTo(new ResourceType("acme.hub.test", "v1", "Redis", "redis"));
    assertThat(k.exposedPaths()).isEmpty();
  }

  @Test
  void shardSelectors() {
    assertThat(LabelSelectors.parse("").test(Map.of())).isTrue();
    assertThat(LabelSelectors.parse("shard=b").test(Map.of("shard", "b"))).isTrue();
    assertThat(LabelSelectors.parse("shard=b").test(Map.of())).isFalse();
    assertThat(LabelSelectors.parse("shard!=b").test(Map.of())).isTrue();
    assertThat(LabelSelectors.parse("shard!=b, tier==gold").test(Map.of("tier", "gold"))).isTrue();
    assertThat(LabelSelectors.parse("!shard").test(Map.of("shard", "a"))).isFalse();
    assertThatThrownBy(() -> LabelSelectors.parse("shard in (a,b)"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void queueDeduplicatesAndBacksOff() throws Exception {
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
    try {
      WorkQueue<String> q = new WorkQueue<>(s, Duration.ofMillis(100), Duration.ofSeconds(1));
      q.add("a");
      q.add("a");
      q.add("b");
      assertThat(q.depth()).isEqualTo(2);
      assertThat(q.take()).isEqualTo("a");
      q.add("a"); // changed while processing: queued again after done
      assertThat(q.take()).isEqualTo("b");
      q.done("b");
      q.done("a");
      assertThat(q.take()).isEqualTo("a");
      q.done("a");
      assertThat(WorkQueue.backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1))
          .isEqualTo(Duration.ofMillis(100));
      assertThat(WorkQueue.backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 3))
          .isEqualTo(Duration.ofMillis(400));
      assertThat(WorkQueue.backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 30))
          .isEqualTo(Duration.ofSeconds(1));
    } finally {
      s.shutdownNow();
    }
  }

  @Test
  void kubeconfigsThatRunCommandsOrReadFilesAreRefused() throws Exception {
    String exec = kubeconfig("exec:\n        command: /bin/sh");
    assertThatThrownBy(() -> clientConfig(exec))
        .isInstanceOfSatisfying(
            ConnectionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.INVALID_KUBECONFIG);
              assertThat(e.getMessage())
                  .as("names the ServiceCluster, the Secret and the refused field")
                  .contains("ServiceCluster acme/eu-west-1", "acme/eu-kubeconfig", "exec");
            });
    Config ok = clientConfig(kubeconfig("token: abc"));
    assertThat(ok.getOauthToken()).isEqualTo("abc");
    assertThat(ok.getConnectionTimeout()).as("connect: at most 5 s").isEqualTo(5_000);
    assertThat(ok.getRequestTimeout()).isEqualTo(10_000);
    assertThat(ok.getRequestRetryBackoffLimit()).isZero();
    assertThat(ok.getWatchReconnectInterval()).isEqualTo(500);
    assertThatThrownBy(
            () ->
                ClusterConnections.clientConfig(
                    "acme/eu-west-1", null, "acme", "eu-kubeconfig", Duration.ofSeconds(10)))
        .isInstanceOfSatisfying(
            ConnectionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.SECRET_NOT_FOUND);
              assertThat(e.getMessage())
                  .contains("ServiceCluster acme/eu-west-1", "acme/eu-kubeconfig");
            });
  }

  @Test
  void onlyACallWithoutAnswerMeansTheServiceClusterIsUnreachable() {
    String server = "https://eu.example:6443";
    SyncFailure down =
        ClusterConnections.failure(
            "eu-west-1",
            server,
            new KubernetesClientException("failed", new java.net.ConnectException("refused")));
    assertThat(down.unreachable).isTrue();
    assertThat(down.reason).isEqualTo(Reasons.CLUSTER_UNREACHABLE);

    SyncFailure invalid =
        ClusterConnections.failure("eu-west-1", server, answer(422, "spec.replicas: Invalid"));
    assertThat(invalid.unreachable).isFalse();
    assertThat(invalid.reason)
        .as("the service CRD's schema refuses the spec")
        .isEqualTo(Reasons.INVALID_SPEC);
    assertThat(invalid.getMessage()).contains("eu-west-1", "spec.replicas: Invalid");
    assertThat(ClusterConnections.failure("eu-west-1", server, answer(400, "bad")).reason)
        .isEqualTo(Reasons.INVALID_SPEC);

    SyncFailure conflict =
        ClusterConnections.failure("eu-west-1", server, answer(409, "the object changed"));
    assertThat(conflict.unreachable).isFalse();
    assertThat(conflict.reason).isEqualTo(Reasons.REQUEST_REJECTED);
    assertThat(conflict.getMessage()).contains("eu-west-1", "HTTP 409", "the object changed");

    SyncFailure broken =
        ClusterConnections.failure("eu-west-1", server, answer(500, "webhook failed"));
    assertThat(broken.unreachable).isFalse();
    assertThat(broken.reason).isEqualTo(Reasons.SERVER_ERROR);
    assertThat(broken.getMessage()).contains(server, "HTTP 500", "webhook failed");

    assertThat(ClusterConnections.failure("eu-west-1", server, answer(401, "no")).reason)
        .isEqualTo(Reasons.UNAUTHORIZED);
  }

  private static KubernetesClientException answer(int code, String message) {
    return new KubernetesClientException(
        new io.fabric8.kubernetes.api.model.StatusBuilder()
            .withCode(code)
            .withMessage(message)
            .build());
  }

  private static Config clientConfig(String kubeconfig) throws ConnectionException {
    var secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName("eu-kubeconfig")
            .withNamespace("acme")
            .endMetadata()
            .addToStringData(Kubeconfigs.KEY, kubeconfig)
            .build();
    return ClusterConnections.clientConfig(
        "acme/eu-west-1", secret, "acme", "eu-kubeconfig", Duration.ofSeconds(10));
  }

  private static String kubeconfig(String user) {
    return """
        apiVersion: v1
        kind: Config
        current-context: c
        contexts:
        - name: c
          context:
            cluster: k
            user: u
        clusters:
        - name: k
          cluster:
            server: https://127.0.0.1:6443
        users:
        - name: u
          user:
            %s
        """
        .formatted(user);
  }

  @Test
  void ourFinalizerAppearingNeedsNoReconcileButOtherMetadataChangesDo() {
    GenericKubernetesResource before = tenant(Map.of("version", "7.2"));
    GenericKubernetesResource withOurs = tenant(Map.of("version", "7.2"));
    withOurs.getMetadata().setFinalizers(List.of(Finalizers.PROPAGATION_AGENT));
    assertThat(Propagator.metadataChanged(before, withOurs)).isFalse();
    // ours removed by someone else, or a foreign finalizer: look again
    assertThat(Propagator.metadataChanged(withOurs, before)).isTrue();
    GenericKubernetesResource foreign = tenant(Map.of("version", "7.2"));
    foreign.getMetadata().setFinalizers(List.of("example.com/other"));
    assertThat(Propagator.metadataChanged(before, foreign)).isTrue();
    GenericKubernetesResource relabelled = tenant(Map.of("version", "7.2"));
    relabelled.getMetadata().setLabels(Map.of("kubecarrier.io/region", "us-east-1"));
    assertThat(Propagator.metadataChanged(before, relabelled)).isTrue();
  }

  @Test
  void serviceSideChangesThatMatterAreStatusSpecLabelsOurAnnotationAndDeletion() {
    GenericKubernetesResource base = tenant(Map.of("version", "7.2"));
    base.getMetadata().setAnnotations(Map.of(Annotations.SOURCE, "team-a/cache"));
    GenericKubernetesResource annotated = tenant(Map.of("version", "7.2"));
    annotated
        .getMetadata()
        .setAnnotations(Map.of(Annotations.SOURCE, "team-a/cache", "cache.example.com/host", "h"));
    annotated.getMetadata().setResourceVersion("42");
    assertThat(Propagator.serviceChanged(base, annotated)).isFalse();

    GenericKubernetesResource status = tenant(Map.of("version", "7.2"));
    status.getMetadata().setAnnotations(base.getMetadata().getAnnotations());
    status.setAdditionalProperty("status", Map.of("phase", "Running"));
    assertThat(Propagator.serviceChanged(base, status)).isTrue();

    GenericKubernetesResource drifted = tenant(Map.of("version", "6.0"));
    drifted.getMetadata().setAnnotations(base.getMetadata().getAnnotations());
    assertThat(Propagator.serviceChanged(base, drifted)).isTrue();

    GenericKubernetesResource ourAnnotationGone = tenant(Map.of("version", "7.2"));
    assertThat(Propagator.serviceChanged(base, ourAnnotationGone)).isTrue();

    GenericKubernetesResource deleting = tenant(Map.of("version", "7.2"));
    deleting.getMetadata().setAnnotations(base.getMetadata().getAnnotations());
    deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertThat(Propagator.serviceChanged(base, deleting)).isTrue();
  }
}
