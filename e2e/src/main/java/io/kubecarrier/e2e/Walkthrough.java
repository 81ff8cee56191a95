package io.kubecarrier.e2e;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.testkit.K8sBinaries;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.Manifests;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The mission's example, acted out by its three kinds of people against the running {@link Hub}:
 * the platform operator (cluster admin of the management cluster) creates accounts, the service
 * provider {@code acme} (user {@code acme-admin}) registers its two service clusters and offers its
 * Redis CRDs, and two tenants ({@code alice} of {@code team-a}, {@code bob} of {@code team-b}) each
 * get a Redis in a region. Every action is taken as the person who would take it (impersonation, so
 * the real RBAC authorizer decides), and printed with its duration.
 */
public final class Walkthrough {

  public static final String PROVIDER = "acme";
  public static final String PROVIDER_USER = "acme-admin";
  public static final String TEAM_A = "team-a";
  public static final String TEAM_B = "team-b";
  public static final String ALICE = "alice";
  public static final String BOB = "bob";

  /** The service CRDs the provider offers (the sample Redis operator's). */
  public static final List<String> SERVICE_CRDS =
      List.of(
          "redis.cache.example.com",
          "redisbackups.cache.example.com",
          "redisrestores.cache.example.com");

  static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

  private final Hub hub;
  private final Steps steps;
  private final KubernetesClient admin;

  /** What the walkthrough made, for the test's checks and the usage text. */
  public record Outcome(
      String redisApiVersion,
      String redisPlural,
      String backupApiVersion,
      Map<String, String> instanceRegion,
      Map<String, String> connectionSecrets,
      List<Steps.Timing> timings) {}

  public Walkthrough(Hub hub, Steps steps) {
    this.hub = hub;
    this.steps = steps;
    this.admin = hub.management().adminClient();
  }

  public Outcome run() {
    steps.run(
        "platform operator: accounts acme (Provider), team-a and team-b (Tenant)", this::accounts);
    steps.run(
        "service clusters: sample Redis operator and KubeCarrier's identity",
        this::prepareServiceClusters);
    steps.run("provider acme registers eu-west-1 and us-east-1", this::registerServiceClusters);
    steps.run("provider acme offers Redis, RedisBackup, RedisRestore in a Catalog", this::offer);
    Offering redis =
        steps.run("tenants see their Offerings and Regions", this::tenantsSeeOfferings);
    Map<String, String> regions = Map.of(ALICE, "eu-west-1", BOB, "us-east-1");
    steps.run(
        "alice (team-a) and bob (team-b) each create a Redis in a region",
        () -> createRedis(redis, regions));
    steps.run("both Redis instances are Running", () -> awaitRedisReady(redis));
    Map<String, String> secrets =
        steps.run("alice and bob read their connection Secrets", () -> readSecrets(redis));
    steps.run("alice's password goes down, cache-redis-auth comes back up", () -> related(redis));
    Offering backup = offeringOf(ALICE, TEAM_A, "RedisBackup");
    steps.run("alice takes a RedisBackup of her Redis", () -> backup(backup));
    steps.run("bob cannot see or touch alice's instances", () -> isolation(redis));
    return new Outcome(
        redis.apiVersion(), redis.plural(), backup.apiVersion(), regions, secrets, steps.timings());
  }

  // --- platform operator -------------------------------------------------------------------

  private void accounts() {
    apply(admin, account(PROVIDER, "Provider", PROVIDER_USER, "ACME Inc."));
    apply(admin, account(TEAM_A, "Tenant", ALICE, "Team A"));
    apply(admin, account(TEAM_B, "Tenant", BOB, "Team B"));
    for (String a : List.of(PROVIDER, TEAM_A, TEAM_B)) {
      awaitReady(admin, "catalog.kubecarrier.io/v1alpha1", "Account", null, a);
    }
    steps.say("namespaces acme, team-a, team-b with RBAC for acme-admin, alice, bob");
  }

  public static String account(String name, String role, String user, String displayName) {
    return """
        apiVersion: catalog.kubecarrier.io/v1alpha1
        kind: Account
        metadata:
          name: %s
        spec:
          metadata:
            displayName: %s
          roles: [%s]
          subjects:
          - kind: User
            apiGroup: rbac.authorization.k8s.io
            name: %s
        """
        .formatted(name, displayName, role, user);
  }

  // --- service clusters (their own admins) ---------------------------------------------------

  private void prepareServiceClusters() {
    for (KubeCluster c : hub.clusters().serviceClusters()) {
      SampleRedisOperator.shared(c.name(), c.adminClient());
      Manifests.apply(c.adminClient(), K8sBinaries.repoRoot().resolve("k8s/service-cluster"));
      SampleRedisOperator.grantClusterWideRead(
          c, "kubecarrier-system", "kubecarrier", Duration.ofSeconds(60));
      steps.say(
          "%s: sample Redis operator running, identity kubecarrier-system/kubecarrier (reads the"
              + " Redis kinds in all namespaces)",
          c.name());
    }
  }

  // --- service provider ----------------------------------------------------------------------

  private void registerServiceClusters() {
    try (KubernetesClient acme = hub.management().impersonating(PROVIDER_USER)) {
      for (KubeCluster c : hub.clusters().serviceClusters()) {
        String token =
            c.serviceAccountToken("kubecarrier-system", "kubecarrier", Duration.ofHours(24));
        String kubeconfig = c.kubeconfig("kubecarrier", token);
        apply(
            acme,
            """
            apiVersion: v1
            kind: Secret
            metadata:
              name: %s-kubeconfig
              namespace: %s
            stringData:
              kubeconfig: |
            %s
            """
                .formatted(c.name(), PROVIDER, kubeconfig.indent(4).stripTrailing()));
        apply(
            acme,
            """
            apiVersion: kubecarrier.io/v1alpha1
            kind: ServiceCluster
            metadata:
              name: %1$s
              namespace: %2$s
              labels:
                kubecarrier.io/tier: standard
            spec:
              metadata:
                displayName: %1$s
                description: ACME's service cluster in %1$s
              kubeconfigSecret:
                name: %1$s-kubeconfig
            """
                .formatted(c.name(), PROVIDER));
      }
      for (KubeCluster c : hub.clusters().serviceClusters()) {
        GenericKubernetesResource sc =
            awaitReady(acme, "kubecarrier.io/v1alpha1", "ServiceCluster", PROVIDER, c.name());
        steps.say("%s Ready, Kubernetes %s", c.name(), status(sc, "kubernetesVersion"));
      }
    }
  }

  /**
   * Redis's related resources: the tenant's password Secret (named by spec.authSecretRef.name) down
   * to the service namespace, the sample operator's {@code <name>-redis-auth} Secret up.
   */
  static final String REDIS_RELATED =
      """
        relatedResources:
        - name: auth
          direction: Down
          kind: Secret
          fromPath: .spec.authSecretRef.name
        - name: redis-auth
          direction: Up
          kind: Secret
          nameTemplate: "{{.metadata.name}}-redis-auth"
      """;

  /** The password alice puts in her Secret team-a/cache-password. */
  public static final String ALICE_PASSWORD = "alice-s3cret-password";

  private void offer() {
    try (KubernetesClient acme = hub.management().impersonating(PROVIDER_USER)) {
      for (String crd : SERVICE_CRDS) {
        String name = crd.substring(0, crd.indexOf('.'));
        apply(
            acme,
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: CatalogEntrySet
            metadata:
              name: %s
              namespace: %s
              labels:
                kubecarrier.io/offered: "true"
            spec:
              metadata:
                displayName: %s
                description: Managed %s by ACME
              discover:
                crd:
                  name: %s
                serviceClusterSelector:
                  matchLabels:
                    kubecarrier.io/tier: standard
            %s"""
                .formatted(
                    name, PROVIDER, name, name, crd, "redis".equals(name) ? REDIS_RELATED : ""));
      }
      apply(
          acme,
          """
          apiVersion: catalog.kubecarrier.io/v1alpha1
          kind: Catalog
          metadata:
            name: default
            namespace: %s
          spec:
            catalogEntrySelector:
              matchLabels:
                kubecarrier.io/offered: "true"
            tenantSelector: {}
          """
              .formatted(PROVIDER));
      for (String crd : SERVICE_CRDS) {
        String name = crd.substring(0, crd.indexOf('.'));
        awaitReady(acme, "catalog.kubecarrier.io/v1alpha1", "CatalogEntrySet", PROVIDER, name);
      }
      awaitReady(acme, "catalog.kubecarrier.io/v1alpha1", "Catalog", PROVIDER, "default");
      steps.say("3 CatalogEntrySets Ready, Catalog default Ready");
    }
  }

  // --- tenants -------------------------------------------------------------------------------

  /** What a tenant learns from an Offering: how to write instances of it. */
  public record Offering(
      String name, String group, String version, String kind, String plural, List<String> regions) {
    public String apiVersion() {
      return group + "/" + version;
    }
  }

  private Offering tenantsSeeOfferings() {
    Offering redis = null;
    for (String[] t : new String[][] {{ALICE, TEAM_A}, {BOB, TEAM_B}}) {
      try (KubernetesClient c = hub.management().impersonating(t[0])) {
        try {
          await("Offerings in " + t[1])
              .atMost(READY_TIMEOUT)
              .until(
                  () -> list(c, "catalog.kubecarrier.io/v1alpha1", "Offering", t[1]).size() == 3);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          GenericKubernetesResource catalog =
              get(admin, "catalog.kubecarrier.io/v1alpha1", "Catalog", PROVIDER, "default");
          throw new AssertionError(
              t[0]
                  + " sees Offerings "
                  + list(admin, "catalog.kubecarrier.io/v1alpha1", "Offering", t[1]).stream()
                      .map(o -> o.getMetadata().getName())
                      .toList()
                  + " in "
                  + t[1]
                  + "; Catalog acme/default status: "
                  + catalog.getAdditionalProperties().get("status")
                  + "; entries: "
                  + list(admin, "catalog.kubecarrier.io/v1alpha1", "CatalogEntry", PROVIDER)
                      .stream()
                      .map(o -> o.getMetadata().getName() + " " + status(o, "conditions"))
                      .toList(),
              e);
        }
        List<GenericKubernetesResource> regions =
            list(c, "catalog.kubecarrier.io/v1alpha1", "Region", t[1]);
        steps.say(
            "%s sees Offerings %s and Regions %s",
            t[0],
            list(c, "catalog.kubecarrier.io/v1alpha1", "Offering", t[1]).stream()
                .map(o -> o.getMetadata().getName())
                .toList(),
            regions.stream().map(o -> o.getMetadata().getName()).toList());
      }
      redis = offeringOf(ALICE, TEAM_A, "Redis");
    }
    return redis;
  }

  @SuppressWarnings("unchecked")
  public Offering offeringOf(String user, String namespace, String kind) {
    try (KubernetesClient c = hub.management().impersonating(user)) {
      for (GenericKubernetesResource o :
          list(c, "catalog.kubecarrier.io/v1alpha1", "Offering", namespace)) {
        Map<String, Object> crd =
            (Map<String, Object>)
                ((Map<String, Object>) o.getAdditionalProperties().get("spec")).get("crd");
        if (kind.equals(crd.get("kind"))) {
          List<String> versions = (List<String>) crd.get("versions");
          List<Map<String, Object>> regions =
              (List<Map<String, Object>>)
                  ((Map<String, Object>) o.getAdditionalProperties().get("spec")).get("regions");
          return new Offering(
              o.getMetadata().getName(),
              (String) crd.get("group"),
              versions.get(versions.size() - 1),
              kind,
              (String) crd.get("plural"),
              regions.stream().map(r -> (String) r.get("name")).toList());
        }
      }
    }
    throw new AssertionError("no Offering of kind " + kind + " in " + namespace);
  }

  private void createRedis(Offering redis, Map<String, String> regions) {
    try (KubernetesClient c = hub.management().impersonating(ALICE)) {
      apply(
          c,
          """
          apiVersion: v1
          kind: Secret
          metadata:
            name: cache-password
            namespace: %s
          stringData:
            password: %s
          """
              .formatted(TEAM_A, ALICE_PASSWORD));
      steps.say("alice: Secret %s/cache-password (key password)", TEAM_A);
    }
    for (String[] t : new String[][] {{ALICE, TEAM_A}, {BOB, TEAM_B}}) {
      try (KubernetesClient c = hub.management().impersonating(t[0])) {
        apply(
            c,
            """
            apiVersion: %s
            kind: %s
            metadata:
              name: cache
              namespace: %s
              labels:
                kubecarrier.io/region: %s
            spec:
              version: "7.2"
              memory: 256Mi
            %s"""
                .formatted(
                    redis.apiVersion(),
                    redis.kind(),
                    t[1],
                    regions.get(t[0]),
                    ALICE.equals(t[0]) ? "  authSecretRef:\n    name: cache-password\n" : ""));
        steps.say("%s: %s %s/cache in region %s", t[0], redis.kind(), t[1], regions.get(t[0]));
      }
    }
  }

  private void awaitRedisReady(Offering redis) {
    for (String[] t : new String[][] {{ALICE, TEAM_A}, {BOB, TEAM_B}}) {
      try (KubernetesClient c = hub.management().impersonating(t[0])) {
        await(redis.kind() + " " + t[1] + "/cache Running")
            .atMost(READY_TIMEOUT)
            .until(
                () ->
                    "Running"
                        .equals(
                            status(
                                get(c, redis.apiVersion(), redis.kind(), t[1], "cache"), "phase")));
        GenericKubernetesResource r = get(c, redis.apiVersion(), redis.kind(), t[1], "cache");
        steps.say(
            "%s/cache: phase %s, synced from %s",
            t[1], status(r, "phase"), kubecarrier(r, "serviceCluster"));
      }
    }
  }

  private Map<String, String> readSecrets(Offering redis) {
    Map<String, String> names = new java.util.LinkedHashMap<>();
    for (String[] t : new String[][] {{ALICE, TEAM_A}, {BOB, TEAM_B}}) {
      try (KubernetesClient c = hub.management().impersonating(t[0])) {
        String secretName =
            io.kubecarrier.api.common.Names.connectionSecretName(
                redis.group(), redis.kind(), "cache");
        Secret s =
            await("connection Secret " + t[1] + "/" + secretName)
                .atMost(READY_TIMEOUT)
                .until(
                    () -> c.secrets().inNamespace(t[1]).withName(secretName).get(),
                    Objects::nonNull);
        names.put(t[0], secretName);
        steps.say(
            "%s reads Secret %s/%s with keys %s", t[0], t[1], secretName, s.getData().keySet());
      }
    }
    return names;
  }

  /**
   * Alice's Secret cache-password reached her service namespace in eu-west-1 (same name, same
   * password), the sample operator used it in cache-redis-auth, and that Secret came back to team-a
   * with her password; the Redis says RelatedResourcesSynced=True.
   */
  private void related(Offering redis) {
    KubeCluster eu =
        hub.clusters().serviceClusters().stream()
            .filter(k -> "eu-west-1".equals(k.name()))
            .findFirst()
            .orElseThrow();
    String svcNs = io.kubecarrier.api.common.Names.serviceNamespaceName(PROVIDER, TEAM_A);
    Secret down =
        await("Secret " + svcNs + "/cache-password in eu-west-1")
            .atMost(READY_TIMEOUT)
            .until(
                () ->
                    eu.adminClient().secrets().inNamespace(svcNs).withName("cache-password").get(),
                s -> s != null && ALICE_PASSWORD.equals(decoded(s, "password")));
    steps.say(
        "eu-west-1 has Secret %s/%s with alice's password", svcNs, down.getMetadata().getName());
    try (KubernetesClient c = hub.management().impersonating(ALICE)) {
      Secret up =
          await("Secret " + TEAM_A + "/cache-redis-auth with alice's password")
              .atMost(READY_TIMEOUT)
              .until(
                  () -> c.secrets().inNamespace(TEAM_A).withName("cache-redis-auth").get(),
                  s -> s != null && ALICE_PASSWORD.equals(decoded(s, "password")));
      steps.say(
          "alice reads Secret %s/%s with keys %s and her password",
          TEAM_A, up.getMetadata().getName(), up.getData().keySet());
      GenericKubernetesResource r =
          await("Redis " + TEAM_A + "/cache RelatedResourcesSynced=True")
              .atMost(READY_TIMEOUT)
              .until(
                  () -> get(c, redis.apiVersion(), redis.kind(), TEAM_A, "cache"),
                  x -> relatedSynced(x));
      steps.say(
          "%s/cache: RelatedResourcesSynced=True, related %s",
          TEAM_A,
          ((List<?>) kubecarrier(r, "related"))
              .stream()
                  .map(l -> ((Map<?, ?>) l).get("resource") + ":" + ((Map<?, ?>) l).get("name"))
                  .toList());
    }
  }

  static String decoded(Secret s, String key) {
    String v = s.getData() == null ? null : s.getData().get(key);
    return v == null
        ? null
        : new String(
            java.util.Base64.getDecoder().decode(v), java.nio.charset.StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  static boolean relatedSynced(GenericKubernetesResource r) {
    return kubecarrier(r, "conditions") instanceof List<?> cs
        && cs.stream()
            .map(x -> (Map<String, Object>) x)
            .anyMatch(
                x ->
                    "RelatedResourcesSynced".equals(x.get("type"))
                        && "True".equals(x.get("status")));
  }

  private void backup(Offering backup) {
    try (KubernetesClient c = hub.management().impersonating(ALICE)) {
      apply(
          c,
          """
          apiVersion: %s
          kind: %s
          metadata:
            name: cache-nightly
            namespace: %s
            labels:
              kubecarrier.io/region: eu-west-1
          spec:
            redis: cache
          """
              .formatted(backup.apiVersion(), backup.kind(), TEAM_A));
      await("RedisBackup team-a/cache-nightly Completed")
          .atMost(READY_TIMEOUT)
          .until(
              () ->
                  "Completed"
                      .equals(
                          status(
                              get(c, backup.apiVersion(), backup.kind(), TEAM_A, "cache-nightly"),
                              "phase")));
      steps.say("team-a/cache-nightly: phase Completed");
    }
  }

  private void isolation(Offering redis) {
    try (KubernetesClient bob = hub.management().impersonating(BOB)) {
      List<String> denied = new ArrayList<>();
      try {
        bob.genericKubernetesResources(redis.apiVersion(), redis.kind()).inNamespace(TEAM_A).list();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 403) {
          denied.add("list " + redis.plural() + " in team-a");
        }
      }
      try {
        bob.secrets().inNamespace(TEAM_A).list();
      } catch (KubernetesClientException e) {
        if (e.getCode() == 403) {
          denied.add("list secrets in team-a");
        }
      }
      if (denied.size() != 2) {
        throw new AssertionError("bob could reach team-a: only denied " + denied);
      }
      steps.say("bob is forbidden to %s", denied);
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  public static HasMetadata apply(KubernetesClient client, String yaml) {
    return client
        .resource(yaml)
        .fieldManager("kubecarrier-walkthrough")
        .forceConflicts()
        .serverSideApply();
  }

  public static List<GenericKubernetesResource> list(
      KubernetesClient c, String apiVersion, String kind, String ns) {
    return c.genericKubernetesResources(apiVersion, kind).inNamespace(ns).list().getItems();
  }

  public static GenericKubernetesResource get(
      KubernetesClient c, String apiVersion, String kind, String ns, String name) {
    var op = c.genericKubernetesResources(apiVersion, kind);
    return ns == null ? op.withName(name).get() : op.inNamespace(ns).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  public static Object status(GenericKubernetesResource r, String field) {
    if (r == null || !(r.getAdditionalProperties().get("status") instanceof Map<?, ?> s)) {
      return null;
    }
    return ((Map<String, Object>) s).get(field);
  }

  @SuppressWarnings("unchecked")
  static Object kubecarrier(GenericKubernetesResource r, String field) {
    return status(r, "kubecarrier") instanceof Map<?, ?> m
        ? ((Map<String, Object>) m).get(field)
        : null;
  }

  @SuppressWarnings("unchecked")
  public static boolean isReady(GenericKubernetesResource r) {
    if (!(status(r, "conditions") instanceof List<?> conditions)) {
      return false;
    }
    return conditions.stream()
        .map(c -> (Map<String, Object>) c)
        .anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
  }

  /** Waits for Ready=True; on timeout the error shows the object's conditions. */
  public static GenericKubernetesResource awaitReady(
      KubernetesClient c, String apiVersion, String kind, String ns, String name) {
    try {
      return await(kind + " " + (ns == null ? "" : ns + "/") + name + " Ready")
          .atMost(READY_TIMEOUT)
          .until(() -> get(c, apiVersion, kind, ns, name), Walkthrough::isReady);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      GenericKubernetesResource r = get(c, apiVersion, kind, ns, name);
      throw new AssertionError(
          kind
              + " "
              + name
              + " not Ready within "
              + READY_TIMEOUT
              + "; conditions: "
              + status(r, "conditions"),
          e);
    }
  }
}
