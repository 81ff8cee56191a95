package io.kubecarrier.benchmark;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the benchmark's own watches saw of one {@link Target}, with the time each thing was first
 * seen ({@link System#nanoTime()}): tenant instances created, ready and deleted on the management
 * cluster; service-side objects deleted; and markers, unique values written on one side and watched
 * for on the other: {@code spec.memory} goes down, {@code status.endpoint} comes up. {@link
 * #requested} holds when {@link Load} sent the request that made each change (taken just before
 * sending it), so a latency runs from the request to a watch event on the other side, both
 * timestamps taken in this JVM, never the systems' own figures.
 */
final class Probe {

  /** Prefix of status markers written on the service side (see {@link #STATUS_FIELD}). */
  static final String STATUS_MARKER_PREFIX = "mark-";

  static final String SPEC_FIELD = "memory";
  static final String STATUS_FIELD = "endpoint";

  final Target target;

  /**
   * Spec marker, status marker, instance key (its create) → when the request that made the change
   * was sent (the first attempt, when retried).
   */
  final Map<String, Long> requested = new ConcurrentHashMap<>();

  /** Tenant instance key → its service-side object first seen {@code Running} (the operator). */
  final Map<String, Long> serviceReady = new ConcurrentHashMap<>();

  /** Tenant instance key ({@code ns/name}) → first seen on the management cluster. */
  final Map<String, Long> created = new ConcurrentHashMap<>();

  /** Tenant instance key → first seen Synced (hub only, {@link Target#isSynced}). */
  final Map<String, Long> synced = new ConcurrentHashMap<>();

  /** Tenant instance key → first seen ready ({@link Target#isReady}). */
  final Map<String, Long> ready = new ConcurrentHashMap<>();

  /** Tenant instance key → deletion seen on the management cluster. */
  final Map<String, Long> tenantGone = new ConcurrentHashMap<>();

  /** Tenant instance key → deletion of its service-side object seen. */
  final Map<String, Long> serviceGone = new ConcurrentHashMap<>();

  /** Spec marker → first seen on a tenant instance / on a service-side object. */
  final Map<String, Long> specOnTenant = new ConcurrentHashMap<>();

  final Map<String, Long> specOnService = new ConcurrentHashMap<>();

  /** Status marker → first seen on a service-side object / on a tenant instance. */
  final Map<String, Long> statusOnService = new ConcurrentHashMap<>();

  final Map<String, Long> statusOnTenant = new ConcurrentHashMap<>();

  private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

  Probe(Target target) {
    this.target = target;
  }

  /** Handler for this target's tenant instances on the management cluster. */
  ResourceEventHandler<GenericKubernetesResource> tenantHandler() {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource obj) {
        onTenant(obj);
      }

      @Override
      public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
        onTenant(newObj);
      }

      @Override
      public void onDelete(GenericKubernetesResource obj, boolean unknown) {
        record(tenantGone, key(obj), System.nanoTime());
      }
    };
  }

  void onTenant(GenericKubernetesResource obj) {
    long now = System.nanoTime();
    String key = key(obj);
    record(created, key, now);
    String spec = field(obj, "spec", SPEC_FIELD);
    if (spec != null) {
      record(specOnTenant, spec, now);
    }
    String status = field(obj, "status", STATUS_FIELD);
    if (status != null && status.startsWith(STATUS_MARKER_PREFIX)) {
      record(statusOnTenant, status, now);
    }
    if (target.hub() && Target.isSynced(obj)) {
      record(synced, key, now);
    }
    if (target.isReady(obj)) {
      record(ready, key, now);
    }
  }

  /** A service-side object of this target was added or updated. */
  void onService(GenericKubernetesResource obj) {
    long now = System.nanoTime();
    String spec = field(obj, "spec", SPEC_FIELD);
    if (spec != null) {
      record(specOnService, spec, now);
    }
    String status = field(obj, "status", STATUS_FIELD);
    if (status != null && status.startsWith(STATUS_MARKER_PREFIX)) {
      record(statusOnService, status, now);
    }
    if ("Running".equals(field(obj, "status", "phase"))) {
      record(serviceReady, target.tenantKey(obj), now);
    }
  }

  /** Notes that the request making change {@code key} is being sent now (kept if already noted). */
  void requesting(String key) {
    requested.putIfAbsent(key, System.nanoTime());
  }

  void onServiceDeleted(GenericKubernetesResource obj) {
    record(serviceGone, target.tenantKey(obj), System.nanoTime());
  }

  private void record(Map<String, Long> map, String key, long now) {
    if (map.putIfAbsent(key, now) == null) {
      for (Waiter w : waiters) {
        w.seen(map, key);
      }
    }
  }

  /**
   * Waits until every one of {@code keys} is in {@code map}; returns the keys still missing at the
   * timeout (empty when all arrived).
   */
  Set<String> awaitAll(Map<String, Long> map, Collection<String> keys, Duration timeout) {
    Waiter w = new Waiter(map, Set.copyOf(keys));
    waiters.add(w);
    try {
      for (String k : keys) {
        if (map.containsKey(k)) {
          w.seen(map, k);
        }
      }
      if (!w.latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        Set<String> missing = ConcurrentHashMap.newKeySet();
        keys.stream().filter(k -> !map.containsKey(k)).forEach(missing::add);
        return missing;
      }
      return Set.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      waiters.remove(w);
    }
  }

  static String key(GenericKubernetesResource obj) {
    return obj.getMetadata().getNamespace() + "/" + obj.getMetadata().getName();
  }

  static String field(GenericKubernetesResource obj, String block, String field) {
    return obj.getAdditionalProperties().get(block) instanceof Map<?, ?> m
            && m.get(field) instanceof String s
        ? s
        : null;
  }

  private static final class Waiter {
    final Map<String, Long> map;
    final Set<String> keys;
    final Set<String> counted = ConcurrentHashMap.newKeySet();
    final CountDownLatch latch;

    Waiter(Map<String, Long> map, Set<String> keys) {
      this.map = map;
      this.keys = keys;
      this.latch = new CountDownLatch(keys.size());
    }

    void seen(Map<String, Long> m, String key) {
      if (m == map && keys.contains(key) && counted.add(key)) {
        latch.countDown();
      }
    }
  }
}
