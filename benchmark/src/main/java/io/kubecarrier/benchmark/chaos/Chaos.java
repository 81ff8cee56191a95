package io.kubecarrier.benchmark.chaos;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubecarrier.e2e.Hub;
import io.kubecarrier.e2e.Steps;
import io.kubecarrier.e2e.Walkthrough;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.OperatorProcess;
import io.kubecarrier.testkit.invariants.HubInvariants;
import io.kubecarrier.testkit.invariants.Invariant;
import io.kubecarrier.testkit.invariants.InvariantReport;
import io.kubecarrier.testkit.invariants.Violation;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One chaos run (issue 20, docs/reliability.md): the hub on its own clusters as {@code ./kc up}
 * runs it, the walkthrough's provider {@code acme} (eu-west-1, us-east-1) and a second provider
 * {@code globex} whose region {@code eu-central-1} is the same physical cluster as acme's
 * eu-west-1, {@link ChaosPlan#tenants} more tenant accounts, and a steady {@link ChaosLoad}. Then,
 * step by step in the seed's order, churn (roles, catalogs, selectors, CRD upgrades, accounts) and
 * faults (SIGKILL of each operator, SIGSTOP of a service API server, an outage longer than the
 * heartbeat grace, an etcd restart, a broken kubeconfig), with the {@link HubInvariants} checked
 * after every step and looked at continuously in between. At the end every instance is checked
 * against its service object, the tenants delete everything, and nothing may be left.
 */
final class Chaos {

  /** Registry settings of the run: a heartbeat grace an outage step can outlast in seconds. */
  static final Map<String, String> SETTINGS =
      Map.of(
          "kubecarrier.registry.heartbeat-interval", "2s",
          "kubecarrier.registry.heartbeat-grace", "10s");

  static final Duration HEARTBEAT_GRACE = Duration.ofSeconds(10);

  static final String GLOBEX = "globex";
  static final String GLOBEX_USER = "globex-admin";
  static final String GLOBEX_REGION = "eu-central-1";
  static final String CATALOG_API = "catalog.kubecarrier.io/v1alpha1";
  static final String HUB_API = "kubecarrier.io/v1alpha1";
  static final String REGION_LABEL = "chaos.kubecarrier.io/region";

  /** The kinds of step, dealt as a deck (each once per round, shuffled by the seed). */
  enum Action {
    ROLE_REMOVED_AND_READDED("churn", "Tenant role removed and re-added"),
    CATALOG_NARROWED_AND_WIDENED("churn", "Catalog selector narrowed and widened"),
    CATALOG_RECREATED("churn", "Catalog deleted and recreated"),
    CLUSTER_SELECTOR_CHANGED("churn", "entry set's cluster selector changed and back"),
    CRD_ROLLED("churn", "additive CRD change rolled across regions"),
    ACCOUNT_RECREATED("churn", "account deleted (tenant first deletes its instances), recreated"),
    KILL_ACCOUNT_OPERATOR("fault", "SIGKILL account-operator"),
    KILL_CLUSTER_REGISTRY("fault", "SIGKILL cluster-registry"),
    KILL_CATALOG_OPERATOR("fault", "SIGKILL catalog-operator"),
    KILL_PROPAGATION_AGENT("fault", "SIGKILL propagation-agent"),
    FREEZE_SERVICE_API("fault", "SIGSTOP/SIGCONT of a service cluster's API server"),
    SERVICE_OUTAGE("fault", "service cluster's API server stopped beyond the heartbeat grace"),
    ETCD_RESTART("fault", "etcd restarted"),
    BROKEN_KUBECONFIG("fault", "kubeconfig Secret replaced by a broken one, restored");

    final String group;
    final String title;

    Action(String group, String title) {
      this.group = group;
      this.title = title;
    }
  }

  private final ChaosPlan plan;
  private final Path dir;
  private final Steps steps = new Steps(System.out);
  private final Tally tally = new Tally();
  private final Random random;
  private final List<Tenant> tenants = new ArrayList<>();
  private final List<Offer> offers = new ArrayList<>();

  /** Region (ServiceCluster name) to the physical cluster it is. */
  private final Map<String, KubeCluster> physical = new LinkedHashMap<>();

  /** Leaked objects (by reference) and since when they have been seen leaked. */
  private final Map<String, Instant> leakingSince = new LinkedHashMap<>();

  private Hub hub;
  private KubernetesClient admin;
  private HubInvariants invariants;
  private ChaosLoad load;
  private int step;
  private int crdChanges;

  Chaos(ChaosPlan plan, Path dir) {
    this.plan = plan;
    this.dir = dir;
    this.random = new Random(plan.seed());
  }

  ChaosResult run() {
    Instant t0 = Instant.now();
    hub =
        steps.run(
            "clusters management, eu-west-1, us-east-1 on loopback",
            () -> Hub.withOwnClusters(dir));
    Instant chaosStart = t0;
    int rounds = 0;
    try {
      admin = hub.management().adminClient();
      steps.run("CRDs, RBAC and the four operators", () -> hub.startOperators(SETTINGS));
      new Walkthrough(hub, steps).run();
      steps.run("provider globex: eu-central-1 (the physical eu-west-1), Redis", this::globex);
      steps.run(plan.tenants() + " more tenant accounts with a password Secret", this::tenants);
      steps.run("the offerings the tenants see", this::offerings);
      invariants = HubInvariants.of(hub.clusters()).settleWithin(plan.bound());
      check("set-up");
      load =
          new ChaosLoad(
              tenants,
              offers,
              plan.perTenant(),
              plan.opsPerSecond(),
              random,
              tally,
              hub.logDir().resolve("load.log"));
      load.start();
      chaosStart = Instant.now();
      Instant end = chaosStart.plus(plan.duration());
      while (rounds < plan.rounds() || Instant.now().isBefore(end)) {
        List<Action> deck = new ArrayList<>(List.of(Action.values()));
        Collections.shuffle(deck, random);
        for (Action a : deck) {
          if (rounds >= plan.rounds() && !Instant.now().isBefore(end)) {
            break;
          }
          steps.run(a.group + ": " + a.title, () -> act(a));
          idle();
        }
        rounds++;
      }
      steps.run("load stopped; every instance against its service object", this::settledTruth);
      steps.run("tenants delete every instance; nothing left", this::teardown);
    } finally {
      if (load != null) {
        load.close();
      }
      hub.close();
    }
    return new ChaosResult(
        plan,
        rounds,
        Duration.between(chaosStart, Instant.now()),
        Duration.between(t0, Instant.now()),
        load == null ? 0 : load.peak(),
        tally);
  }

  // ---- set-up --------------------------------------------------------------------------------

  private void globex() {
    Walkthrough.apply(admin, Walkthrough.account(GLOBEX, "Provider", GLOBEX_USER, "Globex"));
    Walkthrough.awaitReady(admin, CATALOG_API, "Account", null, GLOBEX);
    KubeCluster eu = hub.clusters().get("eu-west-1");
    physical.put(GLOBEX_REGION, eu);
    hub.clusters().serviceClusters().forEach(c -> physical.put(c.name(), c));
    try (KubernetesClient globex = hub.management().impersonating(GLOBEX_USER)) {
      String token =
          eu.serviceAccountToken("kubecarrier-system", "kubecarrier", Duration.ofHours(24));
      Walkthrough.apply(
          globex,
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
              .formatted(
                  GLOBEX_REGION,
                  GLOBEX,
                  eu.kubeconfig("kubecarrier", token).indent(4).stripTrailing()));
      Walkthrough.apply(
          globex,
          """
          apiVersion: kubecarrier.io/v1alpha1
          kind: ServiceCluster
          metadata:
            name: %1$s
            namespace: %2$s
          spec:
            metadata: {displayName: %1$s}
            kubeconfigSecret: {name: %1$s-kubeconfig}
          """
              .formatted(GLOBEX_REGION, GLOBEX));
      Walkthrough.awaitReady(globex, HUB_API, "ServiceCluster", GLOBEX, GLOBEX_REGION);
      Walkthrough.apply(
          globex,
          """
          apiVersion: catalog.kubecarrier.io/v1alpha1
          kind: CatalogEntrySet
          metadata:
            name: redis
            namespace: %s
            labels: {kubecarrier.io/offered: "true"}
          spec:
            metadata: {displayName: Redis, description: Redis by Globex}
            discover:
              crd: {name: %s}
            relatedResources:
            - {name: auth, direction: Down, kind: Secret, fromPath: .spec.authSecretRef.name}
            - {name: redis-auth, direction: Up, kind: Secret, nameTemplate: "{{.metadata.name}}-redis-auth"}
          """
              .formatted(GLOBEX, SampleRedisOperator.CRD_NAME));
      Walkthrough.apply(globex, catalog(GLOBEX, false));
      Walkthrough.awaitReady(globex, CATALOG_API, "CatalogEntrySet", GLOBEX, "redis");
      Walkthrough.awaitReady(globex, CATALOG_API, "Catalog", GLOBEX, "default");
    }
    // acme's clusters get a label its entry set's cluster selector can be narrowed to
    for (KubeCluster c : hub.clusters().serviceClusters()) {
      admin
          .genericKubernetesResources(HUB_API, "ServiceCluster")
          .inNamespace(Walkthrough.PROVIDER)
          .withName(c.name())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"labels\":{\"" + REGION_LABEL + "\":\"" + c.name() + "\"}}}");
    }
    steps.say(
        "globex offers Redis in %s; acme's clusters labelled %s", GLOBEX_REGION, REGION_LABEL);
  }

  /** The Catalog {@code default} of a provider; {@code narrowed}: it selects no entry set. */
  static String catalog(String provider, boolean narrowed) {
    return """
        apiVersion: catalog.kubecarrier.io/v1alpha1
        kind: Catalog
        metadata:
          name: default
          namespace: %s
        spec:
          catalogEntrySelector:
            matchLabels:
              kubecarrier.io/offered: "true"
        %s  tenantSelector: {}
        """
        .formatted(provider, narrowed ? "      chaos.kubecarrier.io/narrowed: \"true\"\n" : "");
  }

  private void tenants() {
    for (int i = 1; i <= plan.tenants(); i++) {
      String name = String.format("chaos-%02d", i);
      tenants.add(new Tenant(name, name + "-user", hub.management().impersonating(name + "-user")));
    }
    tenants.forEach(
        t -> Walkthrough.apply(admin, Walkthrough.account(t.name, "Tenant", t.user, t.name)));
    tenants.forEach(this::readyTenant);
  }

  /** Awaits the account Ready and gives its namespace the password Secret. */
  private void readyTenant(Tenant t) {
    Walkthrough.awaitReady(admin, CATALOG_API, "Account", null, t.name);
    retrying(
        () ->
            Walkthrough.apply(
                t.client,
                """
                apiVersion: v1
                kind: Secret
                metadata:
                  name: %s
                  namespace: %s
                stringData:
                  password: %s-password
                """
                    .formatted(ChaosLoad.PASSWORD_SECRET, t.name, t.name)));
  }

  @SuppressWarnings("unchecked")
  private void offerings() {
    Tenant t = tenants.get(0);
    await("Offerings of acme and globex for " + t.name)
        .atMost(plan.bound())
        .ignoreExceptions()
        .until(
            () -> {
              offers.clear();
              for (GenericKubernetesResource o :
                  Walkthrough.list(t.client, CATALOG_API, "Offering", t.name)) {
                Map<String, Object> spec =
                    (Map<String, Object>) o.getAdditionalProperties().get("spec");
                Map<String, Object> crd = (Map<String, Object>) spec.get("crd");
                if (!SampleRedisOperator.KIND.equals(crd.get("kind"))) {
                  continue;
                }
                List<String> versions = (List<String>) crd.get("versions");
                List<String> regions =
                    ((List<Map<String, Object>>) spec.get("regions"))
                        .stream().map(r -> (String) r.get("name")).sorted().toList();
                String provider = (String) ((Map<String, Object>) spec.get("provider")).get("name");
                offers.add(
                    new Offer(
                        provider,
                        (String) crd.get("group"),
                        versions.get(versions.size() - 1),
                        (String) crd.get("kind"),
                        (String) crd.get("plural"),
                        regions));
              }
              return offers.size() == 2
                  && offers.stream().mapToInt(o -> o.regions().size()).sum() == 3;
            });
    offers.sort(java.util.Comparator.comparing(Offer::provider));
    offers.forEach(o -> steps.say("%s: %s in %s", o.provider(), o.apiVersion(), o.regions()));
  }

  // ---- steps ---------------------------------------------------------------------------------

  private void act(Action a) {
    step++;
    if ("churn".equals(a.group)) {
      tally.churn(a.title);
    } else {
      tally.fault(a.title);
    }
    switch (a) {
      case ROLE_REMOVED_AND_READDED -> roleRemovedAndReadded();
      case CATALOG_NARROWED_AND_WIDENED -> catalogNarrowedAndWidened();
      case CATALOG_RECREATED -> catalogRecreated();
      case CLUSTER_SELECTOR_CHANGED -> clusterSelectorChanged();
      case CRD_ROLLED -> crdRolled();
      case ACCOUNT_RECREATED -> accountRecreated();
      case KILL_ACCOUNT_OPERATOR -> kill("account-operator");
      case KILL_CLUSTER_REGISTRY -> kill("cluster-registry");
      case KILL_CATALOG_OPERATOR -> kill("catalog-operator");
      case KILL_PROPAGATION_AGENT -> kill("propagation-agent");
      case FREEZE_SERVICE_API -> freeze();
      case SERVICE_OUTAGE -> outage();
      case ETCD_RESTART -> etcdRestart();
      case BROKEN_KUBECONFIG -> brokenKubeconfig();
    }
  }

  private Tenant someTenant() {
    List<Tenant> active = tenants.stream().filter(t -> t.active).toList();
    return active.get(random.nextInt(active.size()));
  }

  private void roleRemovedAndReadded() {
    Tenant t = someTenant();
    setRoles(t, "[\"Provider\"]");
    check("Tenant role of " + t + " removed");
    setRoles(t, "[\"Tenant\"]");
    check("Tenant role of " + t + " re-added");
  }

  private void setRoles(Tenant t, String roles) {
    retrying(
        () ->
            admin
                .genericKubernetesResources(CATALOG_API, "Account")
                .withName(t.name)
                .patch(
                    PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"roles\":" + roles + "}}"));
    steps.say("%s: roles %s", t, roles);
  }

  private void catalogNarrowedAndWidened() {
    String provider = providerOfTheStep();
    try (KubernetesClient p = providerClient(provider)) {
      retrying(() -> Walkthrough.apply(p, catalog(provider, true)));
      check("Catalog of " + provider + " narrowed to nothing");
      retrying(() -> Walkthrough.apply(p, catalog(provider, false)));
      check("Catalog of " + provider + " widened back");
    }
  }

  private void catalogRecreated() {
    String provider = providerOfTheStep();
    try (KubernetesClient p = providerClient(provider)) {
      GenericKubernetesResource c =
          retrying(() -> Walkthrough.get(p, CATALOG_API, "Catalog", provider, "default"));
      retrying(() -> p.resource(c).delete());
      deletion("Catalog " + provider + "/default deleted", hub.management(), List.of(c));
      check("Catalog of " + provider + " deleted");
      retrying(() -> Walkthrough.apply(p, catalog(provider, false)));
      check("Catalog of " + provider + " recreated");
    }
  }

  private void clusterSelectorChanged() {
    String only = random.nextBoolean() ? "eu-west-1" : "us-east-1";
    patchEntrySet("{\"" + REGION_LABEL + "\":\"" + only + "\"}");
    check("acme's Redis entry set narrowed to " + only);
    patchEntrySet("{\"" + REGION_LABEL + "\":null}");
    check("acme's Redis entry set back to every standard cluster");
  }

  private void patchEntrySet(String matchLabels) {
    retrying(
        () ->
            admin
                .genericKubernetesResources(CATALOG_API, "CatalogEntrySet")
                .inNamespace(Walkthrough.PROVIDER)
                .withName("redis")
                .patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"spec\":{\"discover\":{\"serviceClusterSelector\":{\"matchLabels\":"
                        + matchLabels
                        + "}}}}"));
  }

  private void crdRolled() {
    String field = "chaos" + (++crdChanges);
    for (KubeCluster c : hub.clusters().serviceClusters()) {
      retrying(
          () ->
              c.adminClient()
                  .apiextensions()
                  .v1()
                  .customResourceDefinitions()
                  .withName(SampleRedisOperator.CRD_NAME)
                  .patch(
                      PatchContext.of(PatchType.JSON),
                      "[{\"op\":\"add\",\"path\":\"/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties/"
                          + field
                          + "\",\"value\":{\"type\":\"string\",\"description\":\"added by the chaos run\"}}]"));
      check("Redis CRD in " + c.name() + " has spec." + field);
    }
  }

  private void accountRecreated() {
    Tenant t = someTenant();
    t.active = false;
    load.forget(t);
    try {
      List<GenericKubernetesResource> mine = instancesOf(t);
      for (GenericKubernetesResource r : mine) {
        retrying(() -> t.client.resource(r).delete());
      }
      deletion(t + " deletes its " + mine.size() + " instances", hub.management(), mine);
      GenericKubernetesResource account =
          retrying(() -> Walkthrough.get(admin, CATALOG_API, "Account", null, t.name));
      retrying(() -> admin.resource(account).delete());
      deletion("Account " + t + " deleted", hub.management(), List.of(account));
      check("Account " + t + " gone");
      retrying(
          () -> Walkthrough.apply(admin, Walkthrough.account(t.name, "Tenant", t.user, t.name)));
      readyTenant(t);
      check("Account " + t + " recreated");
    } finally {
      t.active = true;
    }
  }

  private void kill(String module) {
    OperatorProcess p = hub.operator(module);
    p.kill();
    steps.say("%s killed (SIGKILL); started again", module);
    p.start(Duration.ofMinutes(3));
    check(module + " killed and started again");
  }

  private KubeCluster someServiceCluster() {
    List<KubeCluster> all = hub.clusters().serviceClusters();
    return all.get(random.nextInt(all.size()));
  }

  private void freeze() {
    KubeCluster c = someServiceCluster();
    c.freezeApiServer();
    try {
      pauseFor(plan.hold());
    } finally {
      c.thawApiServer();
    }
    check(c.name() + " API server frozen " + plan.hold().toSeconds() + " s and thawed");
  }

  private void outage() {
    KubeCluster c = someServiceCluster();
    c.stopApiServer();
    try {
      pauseFor(HEARTBEAT_GRACE.plus(plan.hold()));
    } finally {
      c.startApiServer(Duration.ofMinutes(2));
    }
    check(c.name() + " API server away " + HEARTBEAT_GRACE.plus(plan.hold()).toSeconds() + " s");
  }

  private void etcdRestart() {
    hub.clusters().restartEtcd(Duration.ofMinutes(1));
    check("etcd restarted");
  }

  private void brokenKubeconfig() {
    KubeCluster c = someServiceCluster();
    String name = c.name() + "-kubeconfig";
    Secret good =
        retrying(() -> admin.secrets().inNamespace(Walkthrough.PROVIDER).withName(name).get());
    String broken = c.kubeconfig("kubecarrier", "broken-token-of-the-chaos-run");
    setKubeconfig(
        name,
        java.util.Base64.getEncoder()
            .encodeToString(broken.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    try {
      pauseFor(plan.hold());
    } finally {
      setKubeconfig(name, good.getData().get("kubeconfig"));
    }
    check(
        "acme's kubeconfig of " + c.name() + " broken " + plan.hold().toSeconds() + " s, restored");
  }

  /** Sets key {@code kubeconfig} of acme's Secret {@code name} to {@code base64}. */
  private void setKubeconfig(String name, String base64) {
    retrying(
        () ->
            admin
                .secrets()
                .inNamespace(Walkthrough.PROVIDER)
                .withName(name)
                .patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"data\":{\"kubeconfig\":\"" + base64 + "\"}}"));
  }

  private String providerOfTheStep() {
    return random.nextBoolean() ? Walkthrough.PROVIDER : GLOBEX;
  }

  private KubernetesClient providerClient(String provider) {
    return hub.management()
        .impersonating(
            Walkthrough.PROVIDER.equals(provider) ? Walkthrough.PROVIDER_USER : GLOBEX_USER);
  }

  // ---- checks --------------------------------------------------------------------------------

  /**
   * After a step: every operator still runs (an exit not injected is a violation, and it is started
   * again as a kubelet would); the hub invariants looked at until no leak is left (up to the
   * bound); the deletions asked for so far finish within the bound.
   */
  private void check(String what) {
    String name = "step " + step + ": " + what;
    for (Map.Entry<String, OperatorProcess> e : hub.operators().entrySet()) {
      if (!e.getValue().isAlive()) {
        tally.violation(Tally.RESTARTED, e.getKey() + " exited: " + lastLines(e.getValue()), name);
        e.getValue().start(Duration.ofMinutes(3));
      }
    }
    Instant until = Instant.now().plus(plan.bound());
    InvariantReport last = null;
    while (true) {
      InvariantReport r = look(name);
      last = r == null ? last : r;
      if ((r != null && r.clean() && r.unobserved().isEmpty()) || !Instant.now().isBefore(until)) {
        break;
      }
      pauseFor(Duration.ofSeconds(2));
    }
    if (load != null) {
      List<ChaosLoad.Instance> pending = load.pending();
      InvariantReport gone =
          invariants.verifyGone(
              name, hub.management(), pending.stream().map(ChaosLoad.Instance::ref).toList());
      tally.record(gone);
      List<String> stuck =
          gone.violations(Invariant.STUCK).stream()
              .map(v -> v.object().namespace() + "/" + v.object().name())
              .toList();
      load.confirmGone(
          pending.stream().filter(i -> !stuck.contains(i.namespace() + "/" + i.name())).toList());
    }
    steps.say(
        "%s: %s", what, last == null ? "(management cluster did not answer)" : last.summary());
  }

  /**
   * One look at every cluster: a loss or a duplicate is a violation at once; a leak only once the
   * same object has been seen leaked, look after look, for longer than the bound (the load goes on
   * while the run looks, so a leak can always be seconds old: only one that is not cleaned up in
   * time counts).
   *
   * @return the report, or null when the management cluster did not answer
   */
  private InvariantReport look(String step) {
    InvariantReport r;
    try {
      r = invariants.report(step);
    } catch (KubernetesClientException e) {
      return null;
    }
    tally.checked();
    tally.record(r, Invariant.LOST, Invariant.DUPLICATED);
    Instant now = Instant.now();
    Map<String, Violation> leaks = new LinkedHashMap<>();
    r.violations(Invariant.LEAKED).forEach(v -> leaks.put(v.object().toString(), v));
    leakingSince.keySet().retainAll(leaks.keySet());
    leaks.forEach(
        (key, v) -> {
          Instant since = leakingSince.putIfAbsent(key, now);
          if (since != null && Duration.between(since, now).compareTo(plan.bound()) >= 0) {
            tally.violation(
                Invariant.LEAKED.word(),
                key,
                v.object()
                    + ": "
                    + v.why()
                    + " (for "
                    + Duration.between(since, now).toSeconds()
                    + " s)",
                step);
          }
        });
    return r;
  }

  /** A deletion the step asked for, awaited up to the bound (stuck otherwise). */
  private void deletion(String what, KubeCluster cluster, List<? extends HasMetadata> objects) {
    tally.record(invariants.verifyGone("step " + step + ": " + what, cluster, objects));
  }

  /** Between steps: the invariants looked at every few seconds ({@link #look}). */
  private void idle() {
    Instant until = Instant.now().plus(plan.pause());
    do {
      look("between steps " + step + " and " + (step + 1));
      pauseFor(Duration.ofSeconds(3));
    } while (Instant.now().isBefore(until));
  }

  /**
   * With the load stopped and every fault healed: each instance the tenants have is Ready and
   * agrees with its service object (spec, phase, generation; its Up Secret where it says so),
   * awaited up to the bound. Not Synced then is {@link Tally#UNSETTLED}; Synced but disagreeing is
   * {@link Tally#UNTRUTHFUL}.
   */
  private void settledTruth() {
    load.pause();
    check("load stopped");
    Map<String, String> last = new LinkedHashMap<>();
    try {
      await("every instance Ready and in agreement with its service object")
          .atMost(plan.bound())
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(
              () -> {
                last.clear();
                last.putAll(disagreements());
                return last.isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      last.forEach(
          (instance, why) ->
              tally.violation(
                  why.startsWith("not Synced") ? Tally.UNSETTLED : Tally.UNTRUTHFUL,
                  instance + ": " + why,
                  "settled truth"));
    }
    int n = tenants.stream().mapToInt(t -> instancesOf(t).size()).sum();
    steps.say("%d instances checked against their service objects", n);
  }

  /** Instance → what is wrong with it, for every instance of every tenant. */
  @SuppressWarnings("unchecked")
  private Map<String, String> disagreements() {
    Map<String, String> wrong = new LinkedHashMap<>();
    for (Tenant t : tenants) {
      List<String> secrets =
          t.client.secrets().inNamespace(t.name).list().getItems().stream()
              .map(s -> s.getMetadata().getName())
              .toList();
      for (GenericKubernetesResource r : instancesOf(t)) {
        String id = r.getKind() + " " + t.name + "/" + r.getMetadata().getName();
        Map<String, Object> kc =
            (Map<String, Object>)
                Objects.requireNonNullElse(Walkthrough.status(r, "kubecarrier"), Map.of());
        if (!condition(r, "Synced")) {
          wrong.put(id, "not Synced: " + kc.get("conditions"));
          continue;
        }
        KubeCluster c = physical.get((String) kc.get("serviceCluster"));
        GenericKubernetesResource s =
            c == null
                ? null
                : c.adminClient()
                    .genericKubernetesResources(SampleRedisOperator.CONTEXT)
                    .inNamespace((String) kc.get("serviceNamespace"))
                    .withName(r.getMetadata().getName())
                    .get();
        if (s == null) {
          wrong.put(id, "Synced, but no service object in " + kc.get("serviceCluster"));
          continue;
        }
        Object want = spec(r).get("replicas");
        Object have = spec(s).get("replicas");
        Object phase = Walkthrough.status(r, "phase");
        Object servicePhase = Walkthrough.status(s, "phase");
        if (!Objects.equals(want, have)) {
          wrong.put(id, "Synced, but replicas " + want + " here and " + have + " in the service");
        } else if (!Objects.equals(phase, servicePhase)) {
          wrong.put(
              id, "Synced, but phase " + phase + " here and " + servicePhase + " in the service");
        } else if (!Objects.equals(
            String.valueOf(kc.get("observedGeneration")),
            String.valueOf(r.getMetadata().getGeneration()))) {
          wrong.put(
              id,
              "Synced, but observedGeneration "
                  + kc.get("observedGeneration")
                  + " of generation "
                  + r.getMetadata().getGeneration());
        } else if (condition(r, "RelatedResourcesSynced")
            && !secrets.contains(r.getMetadata().getName() + SampleRedisOperator.SECRET_SUFFIX)) {
          wrong.put(
              id,
              "RelatedResourcesSynced=True, but no Secret "
                  + r.getMetadata().getName()
                  + SampleRedisOperator.SECRET_SUFFIX);
        }
      }
    }
    return wrong;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource r) {
    return r.getAdditionalProperties().get("spec") instanceof Map<?, ?> m
        ? (Map<String, Object>) m
        : Map.of();
  }

  /** Whether the instance's {@code status.kubecarrier.conditions} say {@code type} is True. */
  @SuppressWarnings("unchecked")
  private static boolean condition(GenericKubernetesResource r, String type) {
    return Walkthrough.status(r, "kubecarrier") instanceof Map<?, ?> kc
        && kc.get("conditions") instanceof List<?> list
        && list.stream()
            .map(c -> (Map<String, Object>) c)
            .anyMatch(c -> type.equals(c.get("type")) && "True".equals(c.get("status")));
  }

  private List<GenericKubernetesResource> instancesOf(Tenant t) {
    List<GenericKubernetesResource> all = new ArrayList<>();
    for (Offer o : offers) {
      all.addAll(
          retrying(
              () ->
                  admin
                      .genericKubernetesResources(o.context())
                      .inNamespace(t.name)
                      .list()
                      .getItems()));
    }
    return all;
  }

  private void teardown() {
    List<GenericKubernetesResource> all = new ArrayList<>();
    for (Tenant t : tenants) {
      for (GenericKubernetesResource r : instancesOf(t)) {
        retrying(() -> t.client.resource(r).delete());
        all.add(r);
      }
    }
    deletion("tenants delete their " + all.size() + " instances", hub.management(), all);
    tally.checked();
    tally.record(invariants.verifyNoLeaks("teardown: every instance deleted"));
    steps.say("%d instances deleted by their tenants", all.size());
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static String lastLines(OperatorProcess p) {
    String tail = p.tail(5).replace('\n', ' ');
    return tail.length() > 300 ? tail.substring(tail.length() - 300) : tail;
  }

  /** A request of a step, again while the API server answers 5xx or not at all (up to 60 s). */
  private static <T> T retrying(Supplier<T> request) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      try {
        return request.get();
      } catch (KubernetesClientException e) {
        if (!HubInvariants.isTransient(e) || Instant.now().isAfter(deadline)) {
          throw e;
        }
        pauseFor(Duration.ofMillis(500));
      }
    }
  }

  private static void retrying(Runnable request) {
    retrying(
        () -> {
          request.run();
          return null;
        });
  }

  /** Holds a fault (or paces the idle looks): time passing is the point, not a condition. */
  private static void pauseFor(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
