package io.kubecarrier.benchmark.chaos;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The steady instance load of a chaos run: at a fixed rate, one tenant (as its own user) creates,
 * updates or deletes one of its Redis instances, in a region of one of the offerings. A share of
 * the instances name the tenant's password Secret ({@code spec.authSecretRef}), so related Secrets
 * flow down and up with them. Refusals (a withdrawn region, a removed role) and failures (an API
 * server away) are counted, never retried blindly: the next operation is a new random choice.
 *
 * <p>It remembers the instances it made and the deletions it asked for that are not yet confirmed
 * gone ({@link #pending}). One thread, one seeded random: the sequence of choices is the seed's.
 */
final class ChaosLoad implements AutoCloseable {

  /** The tenant Secret a share of the instances name in {@code spec.authSecretRef}. */
  static final String PASSWORD_SECRET = "chaos-password";

  /** An instance the load made: its offering, namespace, name and uid. */
  record Instance(Offer offer, String namespace, String name, String uid) {
    GenericKubernetesResource ref() {
      GenericKubernetesResource r = new GenericKubernetesResource();
      r.setApiVersion(offer.apiVersion());
      r.setKind(offer.kind());
      r.setMetadata(
          new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
              .withNamespace(namespace)
              .withName(name)
              .withUid(uid)
              .build());
      return r;
    }
  }

  private final List<Tenant> tenants;
  private final List<Offer> offers;
  private final int perTenant;
  private final long periodMillis;
  private final Random random;
  private final Tally tally;
  private final Map<String, Instance> live = new ConcurrentHashMap<>();
  private final Map<String, Instance> pending = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "chaos-load");
            t.setDaemon(true);
            return t;
          });
  private final Path log;
  private volatile boolean paused;
  private int seq;
  private int peak;

  ChaosLoad(
      List<Tenant> tenants,
      List<Offer> offers,
      int perTenant,
      double opsPerSecond,
      Random random,
      Tally tally,
      Path log) {
    this.log = log;
    this.tenants = tenants;
    this.offers = offers;
    this.perTenant = perTenant;
    this.periodMillis = Math.max(1, Math.round(1000 / opsPerSecond));
    this.random = random;
    this.tally = tally;
  }

  ChaosLoad start() {
    executor.scheduleAtFixedRate(this::step, 0, periodMillis, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Stops issuing operations; returns once the one in flight is done. */
  void pause() {
    lock.lock();
    try {
      paused = true;
    } finally {
      lock.unlock();
    }
  }

  void resume() {
    paused = false;
  }

  /** Deletions asked for and not yet confirmed gone. */
  List<Instance> pending() {
    return List.copyOf(pending.values());
  }

  /** The most instances alive at once. */
  int peak() {
    return peak;
  }

  /** Confirms that the deletions of {@code gone} finished. */
  void confirmGone(List<Instance> gone) {
    gone.forEach(i -> pending.remove(i.uid()));
  }

  /** Forgets the instances of {@code tenant} (its account goes; it deletes them itself). */
  void forget(Tenant tenant) {
    live.values().removeIf(i -> i.namespace().equals(tenant.name));
    pending.values().removeIf(i -> i.namespace().equals(tenant.name));
  }

  private void step() {
    if (paused || !lock.tryLock()) {
      return;
    }
    try {
      if (paused) {
        return;
      }
      List<Tenant> active = tenants.stream().filter(t -> t.active).toList();
      if (active.isEmpty()) {
        return;
      }
      Tenant t = active.get(random.nextInt(active.size()));
      Offer o = offers.get(random.nextInt(offers.size()));
      List<Instance> mine =
          live.values().stream()
              .filter(i -> i.namespace().equals(t.name) && i.offer().equals(o))
              .sorted(java.util.Comparator.comparing(Instance::name))
              .toList();
      double r = random.nextDouble();
      if (mine.isEmpty() || (mine.size() < perTenant && r < 0.5)) {
        create(t, o);
      } else if (r < 0.8) {
        update(t, mine.get(random.nextInt(mine.size())));
      } else {
        delete(t, mine.get(random.nextInt(mine.size())));
      }
      peak = Math.max(peak, live.size());
    } catch (RuntimeException e) {
      tally.operation("load error", e.toString());
    } finally {
      lock.unlock();
    }
  }

  private void create(Tenant t, Offer o) {
    String name = "r-" + (++seq);
    String region = o.regions().get(random.nextInt(o.regions().size()));
    boolean auth = random.nextInt(10) < 3;
    String yaml =
        """
        apiVersion: %s
        kind: %s
        metadata:
          name: %s
          namespace: %s
          labels:
            kubecarrier.io/region: %s
        spec:
          version: "7.2"
          memory: 256Mi
          replicas: 1
        %s"""
            .formatted(
                o.apiVersion(),
                o.kind(),
                name,
                t.name,
                region,
                auth ? "  authSecretRef:\n    name: " + PASSWORD_SECRET + "\n" : "");
    try {
      GenericKubernetesResource made =
          t.client
              .genericKubernetesResources(o.context())
              .inNamespace(t.name)
              .resource(parse(yaml))
              .create();
      live.put(
          made.getMetadata().getUid(), new Instance(o, t.name, name, made.getMetadata().getUid()));
      tally.operation("create");
      log(
          "create "
              + t.name
              + "/"
              + name
              + " in "
              + region
              + " uid "
              + made.getMetadata().getUid());
    } catch (KubernetesClientException e) {
      failed("create", e);
    }
  }

  private void update(Tenant t, Instance i) {
    int replicas = 1 + random.nextInt(5);
    try {
      t.client
          .genericKubernetesResources(i.offer().context())
          .inNamespace(i.namespace())
          .withName(i.name())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
      tally.operation("update");
      log("update " + i.namespace() + "/" + i.name() + " replicas " + replicas);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        // only its owner deletes an instance: the load did not, so the hub lost it
        live.remove(i.uid());
        tally.violation(
            "lost",
            "tenant instance "
                + i.namespace()
                + "/"
                + i.name()
                + " gone, its owner never deleted it",
            "load");
      }
      failed("update", e);
    }
  }

  private void delete(Tenant t, Instance i) {
    try {
      t.client
          .genericKubernetesResources(i.offer().context())
          .inNamespace(i.namespace())
          .withName(i.name())
          .delete();
      live.remove(i.uid());
      pending.put(i.uid(), i);
      tally.operation("delete");
      log("delete " + i.namespace() + "/" + i.name() + " uid " + i.uid());
    } catch (KubernetesClientException e) {
      failed("delete", e);
    }
  }

  private void failed(String op, KubernetesClientException e) {
    String kind =
        io.kubecarrier.testkit.invariants.HubInvariants.isTransient(e)
            ? op + " failed (API unavailable)"
            : op + " refused (" + e.getCode() + ")";
    String message = String.valueOf(e.getMessage());
    tally.operation(kind, message.length() > 300 ? message.substring(0, 300) + "..." : message);
    log(kind + ": " + message);
  }

  /** One line per operation into the run's load.log, to find what happened to an instance. */
  private void log(String line) {
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(
          log,
          Instant.now() + " " + line.replace('\n', ' ') + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GenericKubernetesResource parse(String yaml) {
    return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
        yaml, GenericKubernetesResource.class);
  }

  @Override
  public void close() {
    pause();
    executor.shutdownNow();
  }
}
