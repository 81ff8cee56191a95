package io.kubecarrier.benchmark;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubecarrier.e2e.Hub;
import io.kubecarrier.e2e.Steps;
import io.kubecarrier.e2e.Walkthrough;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.Manifests;
import io.kubecarrier.testkit.OperatorProcess;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * One benchmark run: the hub on its own clusters (as {@code ./kc up} runs it: packaged operators,
 * each as its own ServiceAccount, default settings), the Redis walkthrough as the sample offering,
 * {@code plan.namespaces()} more tenant accounts, and the baseline copier on the same clusters.
 * Then, for both systems in turn: throughput runs, latency rounds with the large run's instances in
 * place, agent restarts, and deletion.
 */
final class Benchmark {

  static final String AGENT = "propagation-agent";
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);
  static final Duration ROUND_TIMEOUT = Duration.ofMinutes(2);

  private final Plan plan;
  private final Path dir;
  private final Steps steps = new Steps(System.out);
  private final Results results = new Results();
  private final Random random = new Random(42);
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
  private final Map<String, KubernetesClient> services = new LinkedHashMap<>();
  private final List<String> namespaces = new ArrayList<>();
  private final List<String> regions = new ArrayList<>();

  private Hub hub;
  private KubernetesClient loadClient;
  private Target hubTarget;
  private Target baseTarget;
  private Probe hubProbe;
  private Probe baseProbe;
  private BaselineCopier copier;
  private Load load;
  private int seq;

  Benchmark(Plan plan, Path dir) {
    this.plan = plan;
    this.dir = dir;
  }

  Results run() {
    Instant t0 = Instant.now();
    results.startedAt = t0.toString();
    results.plan = plan;
    hub =
        steps.run(
            "clusters management, eu-west-1, us-east-1 on loopback",
            () -> Hub.withOwnClusters(dir));
    try {
      results.machine =
          Machines.describe(hub.management().adminClient().getKubernetesVersion().getGitVersion());
      results.controlPlaneWatches.putAll(ApiRequests.watches(allClusters()));
      steps.run(
          "CRDs, RBAC and the four operators (default settings, %d agent workers)"
              .formatted(plan.workers()),
          () ->
              hub.startOperators(
                  Map.of(
                      "kubecarrier.propagation-agent.workers", Integer.toString(plan.workers()))));
      hub.operators()
          .forEach((name, p) -> results.startupSeconds.put(name, seconds(p.lastStartTime())));
      Walkthrough walkthrough = new Walkthrough(hub, steps);
      walkthrough.run();
      Walkthrough.Offering redis =
          walkthrough.offeringOf(Walkthrough.ALICE, Walkthrough.TEAM_A, "Redis");
      steps.run(
          plan.namespaces() + " more tenant accounts, each with its assignments", this::tenants);
      hubTarget = new Target(Target.HUB, context(redis.group(), redis), true);
      steps.run(
          "baseline copier: its copy of the tenant CRD, its namespaces", () -> baseline(redis));
      steps.run("benchmark's own watches on all three clusters", this::probes);
      load = new Load(loadClient, services, plan.concurrency());

      warmUp();
      throughputRuns();
      latencyRounds();
      restarts();
      deleteLargeRuns();
      shards();
      results.failedRequests.put("load", load.failed.get());
      results.failedRequests.put("baseline (retried)", copier.failures.get());
    } finally {
      close();
    }
    results.durationSeconds = seconds(Duration.between(t0, Instant.now()));
    Verdicts.check(results);
    return results;
  }

  // ---- setup ---------------------------------------------------------------------------------

  private void tenants() {
    KubernetesClient admin = hub.management().adminClient();
    for (int i = 1; i <= plan.namespaces(); i++) {
      String name = String.format(plan.namespaces() >= 1_000 ? "bench-%04d" : "bench-%03d", i);
      namespaces.add(name);
      Walkthrough.apply(admin, Walkthrough.account(name, "Tenant", name + "-user", name));
    }
    for (String ns : namespaces) {
      Walkthrough.awaitReady(admin, "catalog.kubecarrier.io/v1alpha1", "Account", null, ns);
    }
    hub.clusters().serviceClusters().forEach(c -> regions.add(c.name()));
    int expected = regions.size() * (plan.namespaces() + 2);
    await("ServiceClusterAssignments Ready")
        .atMost(Duration.ofMinutes(5 + plan.namespaces() / 100))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                admin
                        .genericKubernetesResources(
                            "kubecarrier.io/v1alpha1", "ServiceClusterAssignment")
                        .inNamespace(Walkthrough.PROVIDER)
                        .list()
                        .getItems()
                        .stream()
                        .filter(Walkthrough::isReady)
                        .count()
                    >= expected);
    steps.say("%d tenant namespaces, %d assignments Ready", namespaces.size(), expected);
  }

  private void baseline(Walkthrough.Offering redis) {
    KubernetesClient admin = hub.management().adminClient();
    CustomResourceDefinition hubCrd =
        admin
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName(redis.plural() + "." + redis.group())
            .get();
    String name = redis.plural() + "." + BaselineCopier.GROUP;
    CustomResourceDefinition copy =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withSpec(hubCrd.getSpec())
            .build();
    copy.getSpec().setGroup(BaselineCopier.GROUP);
    copy.getSpec().getNames().setShortNames(null);
    copy.getSpec().getNames().setCategories(null);
    admin.resource(copy).fieldManager("benchmark").forceConflicts().serverSideApply();
    Manifests.awaitEstablished(admin, name);
    baseTarget = new Target(Target.BASELINE, context(BaselineCopier.GROUP, redis), false);
    await("baseline CRD served")
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> {
              admin.genericKubernetesResources(baseTarget.tenant()).inAnyNamespace().list();
              return true;
            });
    for (KubeCluster c : hub.clusters().serviceClusters()) {
      services.put(c.name(), c.adminClient());
      for (String ns : namespaces) {
        c.adminClient()
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(BaselineCopier.NAMESPACE_PREFIX + ns)
                    .endMetadata()
                    .build())
            .serverSideApply();
      }
    }
    Config config = hub.management().config(hub.management().adminToken());
    config.setMaxConcurrentRequests(256);
    config.setMaxConcurrentRequestsPerHost(256);
    loadClient = new KubernetesClientBuilder().withConfig(config).build();
    copier = new BaselineCopier(admin, services, baseTarget.tenant(), plan.workers()).start();
    steps.say(
        "CRD %s, namespaces bl-bench-* in %s, copier with %d lanes (as many as the agent's workers)",
        name, regions, plan.workers());
  }

  private void probes() {
    hubProbe = new Probe(hubTarget);
    baseProbe = new Probe(baseTarget);
    KubernetesClient admin = hub.management().adminClient();
    for (Probe p : List.of(hubProbe, baseProbe)) {
      informers.add(
          admin
              .genericKubernetesResources(p.target.tenant())
              .inAnyNamespace()
              .inform(p.tenantHandler(), 0));
    }
    for (KubernetesClient c : services.values()) {
      informers.add(
          c.genericKubernetesResources(SampleRedisOperator.CONTEXT)
              .inAnyNamespace()
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource obj) {
                      probeOf(obj).ifPresent(p -> p.onService(obj));
                    }

                    @Override
                    public void onUpdate(
                        GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                      probeOf(newObj).ifPresent(p -> p.onService(newObj));
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource obj, boolean unknown) {
                      probeOf(obj).ifPresent(p -> p.onServiceDeleted(obj));
                    }
                  },
                  0));
    }
  }

  private java.util.Optional<Probe> probeOf(GenericKubernetesResource service) {
    if (hubTarget.owns(service)) {
      return java.util.Optional.of(hubProbe);
    }
    return baseTarget.owns(service) ? java.util.Optional.of(baseProbe) : java.util.Optional.empty();
  }

  // ---- throughput ----------------------------------------------------------------------------

  private final Map<String, List<Load.Instance>> largeRuns = new LinkedHashMap<>();

  /**
   * Both systems create and delete a few instances first: JIT, caches, connections (not counted).
   */
  private void warmUp() {
    for (Probe p : List.of(baseProbe, hubProbe)) {
      List<Load.Instance> run = createRun(p, WARM_UP, plan.warmup(), 1, false);
      deleteRun(p, WARM_UP_DELETE, run, 1);
    }
  }

  static final String WARM_UP = "warm-up create";
  static final String WARM_UP_DELETE = "warm-up delete";

  private void throughputRuns() {
    for (int r = 1; r <= plan.smallRepeats(); r++) {
      for (Probe p : List.of(baseProbe, hubProbe)) {
        List<Load.Instance> run = createRun(p, "create", plan.smallRun(), r, false);
        deleteRun(p, "delete", run, r);
      }
    }
    for (int r = 1; r <= plan.largeRepeats(); r++) {
      for (Probe p : List.of(baseProbe, hubProbe)) {
        boolean last = r == plan.largeRepeats();
        List<Load.Instance> run = createRun(p, "create", plan.largeRun(), r, last);
        if (!last) {
          deleteRun(p, "delete", run, r);
        } else {
          largeRuns.put(p.target.name(), run);
        }
      }
    }
  }

  private List<Load.Instance> createRun(
      Probe p, String phase, int n, int repeat, boolean footprint) {
    String prefix =
        p.target.name().substring(0, 1)
            + (phase.equals(WARM_UP) ? "w" : phase.equals(SHARDED) ? "s" : "")
            + n
            + "r"
            + repeat;
    List<Load.Instance> run = Load.instances(prefix, n, namespaces, regions);
    return steps.run(
        "%s: %s %,d instances until all are synced and Running (run %d)"
            .formatted(p.target.name(), phase, n, repeat),
        () -> {
          Map<String, Long> pids = operatorPids();
          pids.putAll(Footprint.harnessPids());
          Footprint.Window window = footprint ? Footprint.start(pids) : null;
          Map<String, Double> requestsBefore =
              footprint ? ApiRequests.snapshot(allClusters()) : null;
          long t0 = System.nanoTime();
          load.create(p, run);
          long created = System.nanoTime();
          List<String> keys = run.stream().map(Load.Instance::key).toList();
          List<String> markers = run.stream().map(Load.Instance::createdMarker).toList();
          Set<String> missing =
              new java.util.HashSet<>(p.awaitAll(p.specOnService, markers, RUN_TIMEOUT));
          long synced = lastOf(p.specOnService, markers, Function.identity(), System.nanoTime());
          if (p.target.hub()) {
            missing.addAll(p.awaitAll(p.synced, keys, RUN_TIMEOUT));
            synced =
                Math.max(synced, lastOf(p.synced, keys, Function.identity(), System.nanoTime()));
          }
          missing.addAll(p.awaitAll(p.ready, keys, RUN_TIMEOUT));
          long ready = lastOf(p.ready, keys, Function.identity(), System.nanoTime());
          if (window != null) {
            underLoad(p, run);
            if (p == hubProbe) {
              watchesAndConnections();
            }
            results.apiRequests.put(
                p.target.name(),
                ApiRequests.diff(requestsBefore, ApiRequests.snapshot(allClusters())));
            Map<String, Footprint.Usage> usage = window.stop();
            results.processes.put(p.target.name(), usage);
            if (p == hubProbe) {
              hub.operators().keySet().forEach(op -> results.footprint.put(op, usage.get(op)));
              results.footprintWindowSeconds = (System.nanoTime() - t0) / 1e9;
            }
          }
          int done = n - missing.size();
          Results.Throughput t =
              new Results.Throughput(
                  p.target.name(),
                  phase,
                  n,
                  repeat,
                  (created - t0) / 1e9,
                  (synced - t0) / 1e9,
                  done / ((synced - t0) / 1e9),
                  (ready - t0) / 1e9,
                  done / ((ready - t0) / 1e9),
                  missing.size());
          results.throughput.add(t);
          steps.say(
              "%,d synced in %.1f s: %.0f/s; Running back in %.1f s: %.0f/s (requests sent in %.1f s)%s",
              done,
              t.syncedSeconds(),
              t.syncedPerSecond(),
              t.readySeconds(),
              t.readyPerSecond(),
              t.requestsSeconds(),
              missingNote(missing));
          return run;
        });
  }

  private void deleteRun(Probe p, String phase, List<Load.Instance> run, int repeat) {
    steps.run(
        "%s: %s %,d instances until gone on both sides (run %d)"
            .formatted(p.target.name(), phase, run.size(), repeat),
        () -> {
          List<String> keys = run.stream().map(Load.Instance::key).toList();
          long t0 = System.nanoTime();
          load.delete(p, run);
          long sent = System.nanoTime();
          Set<String> missing =
              new java.util.HashSet<>(p.awaitAll(p.tenantGone, keys, RUN_TIMEOUT));
          missing.addAll(p.awaitAll(p.serviceGone, keys, RUN_TIMEOUT));
          long t1 =
              Math.max(
                  lastOf(p.tenantGone, run, Load.Instance::key, System.nanoTime()),
                  lastOf(p.serviceGone, run, Load.Instance::key, System.nanoTime()));
          Results.Throughput t =
              new Results.Throughput(
                  p.target.name(),
                  phase,
                  run.size(),
                  repeat,
                  (sent - t0) / 1e9,
                  (t1 - t0) / 1e9,
                  (run.size() - missing.size()) / ((t1 - t0) / 1e9),
                  (t1 - t0) / 1e9,
                  (run.size() - missing.size()) / ((t1 - t0) / 1e9),
                  missing.size());
          results.throughput.add(t);
          steps.say(
              "%,d gone in %.1f s: %.0f/s%s",
              run.size() - missing.size(),
              t.syncedSeconds(),
              t.syncedPerSecond(),
              missingNote(missing));
        });
  }

  private void deleteLargeRuns() {
    for (Probe p : List.of(baseProbe, hubProbe)) {
      List<Load.Instance> run = new ArrayList<>(largeRuns.getOrDefault(p.target.name(), List.of()));
      run.addAll(extra.getOrDefault(p.target.name(), List.of()));
      deleteRun(p, "delete", run, plan.largeRepeats());
    }
  }

  // ---- latency -------------------------------------------------------------------------------

  /** Instances created by the latency rounds (end to end), deleted with the large run. */
  private final Map<String, List<Load.Instance>> extra = new LinkedHashMap<>();

  /** Samples of the idle rounds, pooled: {@code target|metric} → seconds. */
  private final Map<String, List<Double>> idleSamples = new LinkedHashMap<>();

  private final Map<String, Integer> idleMissing = new LinkedHashMap<>();

  private void latencyRounds() {
    for (int r = 1; r <= plan.latencyRounds(); r++) {
      for (Probe p : List.of(baseProbe, hubProbe)) {
        int round = r;
        steps.run(
            "%s: latency round %d (%d updates, %d status changes, %d creates at %.0f/s each)"
                .formatted(
                    p.target.name(),
                    r,
                    plan.latencyOps(),
                    plan.latencyOps(),
                    plan.latencyOps(),
                    plan.latencyRate()),
            () -> latencyRound(p, round));
      }
    }
    for (Probe p : List.of(baseProbe, hubProbe)) {
      for (String metric : LATENCIES) {
        String key = p.target.name() + "|" + metric;
        Stats.Summary s = Stats.summary(idleSamples.getOrDefault(key, List.of()));
        results.latencyFigures.add(
            new Results.LatencyFigure(
                p.target.name(), metric, Results.IDLE, s, idleMissing.getOrDefault(key, 0)));
        steps.say(
            "%s %-20s idle, %d rounds pooled: p50 %.3f s  p99 %.3f s  max %.3f s  (%d samples)",
            p.target.name(), metric, plan.latencyRounds(), s.p50(), s.p99(), s.max(), s.n());
      }
    }
  }

  static final List<String> LATENCIES =
      List.of("apply down", "apply down (create)", "status up", "end to end");

  private void latencyRound(Probe p, int round) {
    List<Load.Instance> existing = largeRuns.get(p.target.name());
    List<Load.Instance> sample = sample(existing, 2 * plan.latencyOps());
    List<Load.Instance> updated = sample.subList(0, plan.latencyOps());
    List<Load.Instance> statusChanged = sample.subList(plan.latencyOps(), sample.size());

    // apply down: spec markers set on tenant instances, watched for on the service side
    List<String> specMarkers = markers(updated.size(), "s");
    load.updateSpecPaced(p, updated, specMarkers, plan.latencyRate());
    Set<String> missingDown = p.awaitAll(p.specOnService, specMarkers, ROUND_TIMEOUT);
    addLatency(p, "apply down", round, specMarkers, p.requested, p.specOnService, missingDown);

    // status up: status markers set on the service side, watched for on the tenant side
    List<String> statusMarkers = markers(statusChanged.size(), Probe.STATUS_MARKER_PREFIX);
    load.updateServiceStatusPaced(p, statusChanged, statusMarkers, plan.latencyRate());
    Set<String> missingUp = p.awaitAll(p.statusOnTenant, statusMarkers, ROUND_TIMEOUT);
    addLatency(p, "status up", round, statusMarkers, p.requested, p.statusOnTenant, missingUp);

    // end to end: new instances, create request → ready (and their apply down on creation)
    List<Load.Instance> fresh =
        Load.instances(
            p.target.name().charAt(0) + "e2e-r" + round,
            plan.latencyOps(),
            shuffled(namespaces),
            regions);
    extra.computeIfAbsent(p.target.name(), k -> new ArrayList<>()).addAll(fresh);
    load.createPaced(p, fresh, plan.latencyRate());
    List<String> keys = fresh.stream().map(Load.Instance::key).toList();
    Set<String> missingReady = p.awaitAll(p.ready, keys, ROUND_TIMEOUT);
    addLatency(p, "end to end", round, keys, p.requested, p.ready, missingReady);
    List<String> createMarkers = fresh.stream().map(Load.Instance::createdMarker).toList();
    addLatency(
        p,
        "apply down (create)",
        round,
        createMarkers,
        p.requested,
        p.specOnService,
        p.awaitAll(p.specOnService, createMarkers, ROUND_TIMEOUT));
  }

  private void addLatency(
      Probe p,
      String metric,
      int round,
      List<String> keys,
      Map<String, Long> from,
      Map<String, Long> to,
      Set<String> missing) {
    List<Double> samples = samples(keys, from, to);
    Stats.Summary s = Stats.summary(samples);
    results.latency.add(
        new Results.Latency(p.target.name(), metric, round, s, keys.size() - samples.size()));
    String key = p.target.name() + "|" + metric;
    idleSamples.computeIfAbsent(key, k -> new ArrayList<>()).addAll(samples);
    idleMissing.merge(key, keys.size() - samples.size(), Integer::sum);
    steps.say(
        "%-20s p50 %.3f s  p90 %.3f s  p99 %.3f s  max %.3f s  (%d samples)%s",
        metric, s.p50(), s.p90(), s.p99(), s.max(), s.n(), missingNote(missing));
  }

  /**
   * {@code to[k] - from[k]} in seconds for each key seen in both, unclamped: both are {@link
   * System#nanoTime()} in this JVM and {@code from} is taken before the request is sent.
   */
  private static List<Double> samples(
      List<String> keys, Map<String, Long> from, Map<String, Long> to) {
    List<Double> samples = new ArrayList<>(keys.size());
    for (String k : keys) {
      Long a = from.get(k);
      Long b = to.get(k);
      if (a != null && b != null) {
        samples.add((b - a) / 1e9);
      }
    }
    return samples;
  }

  /**
   * Latency under load: every instance of the large create run is a sample, taken while the run's
   * other instances compete with it (apply down of its creation: request → service-side object;
   * status up: the operator's Running on the service side → the instance ready; end to end: request
   * → ready).
   */
  private void underLoad(Probe p, List<Load.Instance> run) {
    List<String> keys = run.stream().map(Load.Instance::key).toList();
    List<String> markers = run.stream().map(Load.Instance::createdMarker).toList();
    Map<String, List<Double>> figures = new LinkedHashMap<>();
    figures.put("apply down (create)", samples(markers, p.requested, p.specOnService));
    figures.put("status up", samples(keys, p.serviceReady, p.ready));
    figures.put("end to end", samples(keys, p.requested, p.ready));
    figures.forEach(
        (metric, samples) -> {
          Stats.Summary s = Stats.summary(samples);
          results.latencyFigures.add(
              new Results.LatencyFigure(
                  p.target.name(), metric, Results.UNDER_LOAD, s, run.size() - samples.size()));
          steps.say(
              "under load: %-20s p50 %.3f s  p99 %.3f s  max %.3f s  (%d samples)",
              metric, s.p50(), s.p99(), s.max(), s.n());
        });
  }

  /** Open watches on every API server and the agent's connections, with the large run in place. */
  private void watchesAndConnections() {
    results.watches.putAll(ApiRequests.watches(allClusters()));
    OperatorProcess agent = hub.operator(AGENT);
    results.agentServiceWatches.putAll(
        AgentMetrics.byLabel(
            agent.metrics(), "kubecarrier_propagation_service_watches", "resource"));
    Map<Integer, Integer> ports = Sockets.byRemotePort(agent.pid());
    hub.clusters()
        .all()
        .forEach(
            c ->
                results.agentConnections.put(
                    c.name(), ports.getOrDefault(c.adminClient().getMasterUrl().getPort(), 0)));
    steps.say(
        "open watches %s; agent: service-side watches %s, TCP connections %s",
        results.watches, results.agentServiceWatches, results.agentConnections);
  }

  // ---- restarts ------------------------------------------------------------------------------

  private void restarts() {
    List<Load.Instance> existing = largeRuns.get(hubTarget.name());
    int total = existing.size() + extra.getOrDefault(hubTarget.name(), List.of()).size();
    for (int r = 1; r <= plan.restarts(); r++) {
      int repeat = r;
      steps.run(
          "propagation agent restart %d (%s) with %,d instances, %d spec and %d status changes while down"
              .formatted(
                  r,
                  Plan.killed(r) ? "SIGKILL" : "SIGTERM",
                  total,
                  plan.restartChanges(),
                  plan.restartChanges()),
          () -> {
            OperatorProcess agent = hub.operator(AGENT);
            boolean killed = Plan.killed(repeat);
            if (killed) {
              agent.kill();
            } else {
              agent.stop();
            }
            List<Load.Instance> sample = sample(existing, 2 * plan.restartChanges());
            List<String> specMarkers = markers(plan.restartChanges(), "s");
            List<String> statusMarkers = markers(plan.restartChanges(), Probe.STATUS_MARKER_PREFIX);
            load.updateSpecPaced(
                hubProbe, sample.subList(0, plan.restartChanges()), specMarkers, 1000);
            load.updateServiceStatusPaced(
                hubProbe,
                sample.subList(plan.restartChanges(), sample.size()),
                statusMarkers,
                1000);
            long t0 = System.nanoTime();
            agent.start(Duration.ofMinutes(5));
            long ready = System.nanoTime();
            Set<String> missing =
                new java.util.HashSet<>(awaitOnHub(hubProbe.specOnService, specMarkers));
            missing.addAll(awaitOnHub(hubProbe.statusOnTenant, statusMarkers));
            long changes =
                Math.max(
                    lastOf(hubProbe.specOnService, specMarkers, Function.identity(), ready),
                    lastOf(hubProbe.statusOnTenant, statusMarkers, Function.identity(), ready));
            long drained = AgentMetrics.awaitQueueDrained(agent, Duration.ofMinutes(5));
            Results.Restart rs =
                new Results.Restart(
                    repeat,
                    killed ? "SIGKILL" : "SIGTERM",
                    total,
                    2 * plan.restartChanges(),
                    (ready - t0) / 1e9,
                    (changes - t0) / 1e9,
                    (drained - t0) / 1e9,
                    Footprint.peakSinceStartMiB(agent.pid()),
                    missing.size());
            results.restarts.add(rs);
            steps.say(
                "%s: ready after %.1f s, changes made while down propagated after %.1f s, queue drained after %.1f s, peak RSS %.0f MiB%s",
                rs.signal(),
                rs.readySeconds(),
                rs.changesSeconds(),
                rs.drainedSeconds(),
                rs.peakRssMiB(),
                missingNote(missing));
          });
    }
  }

  // ---- shards -------------------------------------------------------------------------------

  static final String SHARDED = "create, 2 agents";
  static final String SHARDED_DELETE = "delete, 2 agents";
  static final String SHARD_LABEL = "bench.kubecarrier.io/shard";

  /**
   * The hub with two agents instead of one, sharded by service cluster (each with {@code
   * service-cluster-selector} on its region's ServiceCluster and its own Lease): the large run
   * again, and which clusters each agent connected to.
   */
  private void shards() {
    KubernetesClient admin = hub.management().adminClient();
    List<OperatorProcess> agents = new ArrayList<>();
    try {
      steps.run(
          "the agent replaced by two agents sharded by service cluster",
          () -> {
            hub.operator(AGENT).stop();
            io.kubecarrier.testkit.OperatorIdentity identity =
                io.kubecarrier.testkit.OperatorIdentity.install(hub.management(), AGENT);
            shardLeases(admin, identity.namespace());
            for (String region : regions) {
              admin
                  .genericKubernetesResources("kubecarrier.io/v1alpha1", "ServiceCluster")
                  .inNamespace(Walkthrough.PROVIDER)
                  .withName(region)
                  .edit(
                      sc -> {
                        sc.getMetadata().getLabels().put(SHARD_LABEL, region);
                        return sc;
                      });
              Map<String, String> props = new LinkedHashMap<>();
              props.put("kubecarrier.propagation-agent.workers", Integer.toString(plan.workers()));
              props.put(
                  "kubecarrier.propagation-agent.service-cluster-selector",
                  SHARD_LABEL + "=" + region);
              props.put("kubecarrier.propagation-agent.lease-name", "propagation-agent-" + region);
              props.put(
                  "kubecarrier.propagation-agent.report-unplaced",
                  Boolean.toString(agents.isEmpty()));
              OperatorProcess agent =
                  OperatorProcess.of(
                      AGENT, identity, hub.logDir().resolve("shard-" + region), props);
              agents.add(agent);
              agent.start(Duration.ofMinutes(3));
            }
          });
      List<Load.Instance> run = createRun(hubProbe, SHARDED, plan.largeRun(), 1, false);
      Map<Integer, String> clusterOfPort = new LinkedHashMap<>();
      hub.clusters()
          .all()
          .forEach(c -> clusterOfPort.put(c.adminClient().getMasterUrl().getPort(), c.name()));
      for (int i = 0; i < agents.size(); i++) {
        Map<String, Integer> connections = new LinkedHashMap<>();
        Sockets.byRemotePort(agents.get(i).pid())
            .forEach(
                (port, n) -> {
                  if (clusterOfPort.containsKey(port)) {
                    connections.put(clusterOfPort.get(port), n);
                  }
                });
        results.shardConnections.put(regions.get(i), connections);
      }
      steps.say("TCP connections of each agent, by cluster: %s", results.shardConnections);
      deleteRun(hubProbe, SHARDED_DELETE, run, 1);
    } finally {
      agents.forEach(OperatorProcess::close);
    }
  }

  /**
   * What a platform team adds for sharded agents (docs/propagation-agent.md, "Sharding"): the
   * generated Role lets the agent hold only the Lease {@code propagation-agent}, so each shard's
   * Lease is granted by name.
   */
  private void shardLeases(KubernetesClient admin, String namespace) {
    admin
        .rbac()
        .roles()
        .inNamespace(namespace)
        .resource(
            new io.fabric8.kubernetes.api.model.rbac.RoleBuilder()
                .withNewMetadata()
                .withName("propagation-agent-shards")
                .withNamespace(namespace)
                .endMetadata()
                .addNewRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withResourceNames(regions.stream().map(r -> "propagation-agent-" + r).toList())
                .withVerbs("get", "update", "patch")
                .endRule()
                .build())
        .serverSideApply();
    admin
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder()
                .withNewMetadata()
                .withName("propagation-agent-shards")
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "propagation-agent-shards")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(AGENT)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .serverSideApply();
  }

  private Set<String> awaitOnHub(Map<String, Long> map, List<String> keys) {
    return hubProbe.awaitAll(map, keys, Duration.ofMinutes(5));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private Map<String, KubernetesClient> allClusters() {
    Map<String, KubernetesClient> all = new LinkedHashMap<>();
    hub.clusters().all().forEach(c -> all.put(c.name(), c.adminClient()));
    return all;
  }

  private Map<String, Long> operatorPids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    hub.operators().forEach((name, p) -> pids.put(name, p.pid()));
    return pids;
  }

  private static ResourceDefinitionContext context(String group, Walkthrough.Offering o) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(o.version())
        .withKind(o.kind())
        .withPlural(o.plural())
        .withNamespaced(true)
        .build();
  }

  private List<String> markers(int n, String prefix) {
    List<String> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(prefix + (++seq));
    }
    return list;
  }

  private List<Load.Instance> sample(List<Load.Instance> from, int n) {
    List<Load.Instance> copy = new ArrayList<>(from);
    Collections.shuffle(copy, random);
    return copy.subList(0, Math.min(n, copy.size()));
  }

  private List<String> shuffled(List<String> list) {
    List<String> copy = new ArrayList<>(list);
    Collections.shuffle(copy, random);
    return copy;
  }

  private static <T> long lastOf(
      Map<String, Long> map, List<T> items, Function<T, String> key, long fallback) {
    long last = Long.MIN_VALUE;
    for (T item : items) {
      Long t = map.get(key.apply(item));
      if (t != null) {
        last = Math.max(last, t);
      }
    }
    return last == Long.MIN_VALUE ? fallback : last;
  }

  private static String missingNote(Set<String> missing) {
    return missing.isEmpty() ? "" : " — " + missing.size() + " MISSING at the timeout";
  }

  static double seconds(Duration d) {
    return d == null ? Double.NaN : d.toMillis() / 1000.0;
  }

  private void close() {
    informers.forEach(SharedIndexInformer::stop);
    if (copier != null) {
      copier.close();
    }
    if (load != null) {
      load.close();
    }
    if (loadClient != null) {
      loadClient.close();
    }
    if (hub != null) {
      hub.close();
    }
  }
}
