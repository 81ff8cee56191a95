package io.kubecarrier.benchmark;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What the tenants and the service operator do during the benchmark: create, update and delete
 * tenant instances (as fast as {@code concurrency} requests in flight allow, or paced at a rate),
 * and change the status of service-side objects. Every request is retried a few times on transient
 * errors (429, 5xx, connection); what still fails is counted.
 */
final class Load implements AutoCloseable {

  /** One tenant instance: where it lives and where it goes. */
  record Instance(String namespace, String name, String region) {
    String key() {
      return namespace + "/" + name;
    }

    /** The spec marker of its creation. */
    String createdMarker() {
      return name + "#0";
    }
  }

  private final KubernetesClient management;
  private final Map<String, KubernetesClient> services;
  private final ExecutorService pool;
  final AtomicLong failed = new AtomicLong();

  Load(KubernetesClient management, Map<String, KubernetesClient> services, int concurrency) {
    this.management = management;
    this.services = Map.copyOf(services);
    this.pool =
        Executors.newFixedThreadPool(
            concurrency,
            r -> {
              Thread t = new Thread(r, "load");
              t.setDaemon(true);
              return t;
            });
  }

  /** Instances {@code prefix-0..n-1} spread round-robin over namespaces, then over regions. */
  static List<Instance> instances(
      String prefix, int n, List<String> namespaces, List<String> regions) {
    List<Instance> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(
          new Instance(
              namespaces.get(i % namespaces.size()),
              prefix + "-" + i,
              regions.get((i / namespaces.size()) % regions.size())));
    }
    return list;
  }

  /**
   * Creates all {@code instances} of the probe's target, as fast as the pool allows. Each request's
   * time goes to {@link Probe#requested} (under the instance key and its created marker), as for
   * every change below.
   */
  void create(Probe probe, List<Instance> instances) {
    all(instances, i -> create(probe, i));
  }

  /** Creates {@code instances} one every {@code 1/rate} seconds. */
  void createPaced(Probe probe, List<Instance> instances, double rate) {
    paced(instances, rate, i -> create(probe, i));
  }

  private void create(Probe probe, Instance i) {
    Target target = probe.target;
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(target.tenant().getGroup() + "/" + target.tenant().getVersion());
    r.setKind(target.tenant().getKind());
    r.setMetadata(new ObjectMeta());
    r.getMetadata().setName(i.name());
    r.getMetadata().setNamespace(i.namespace());
    r.getMetadata().setLabels(Map.of(Labels.REGION, i.region()));
    r.setAdditionalProperty(
        "spec", Map.of("version", "7.2", Probe.SPEC_FIELD, i.createdMarker(), "replicas", 1));
    probe.requesting(i.key());
    probe.requesting(i.createdMarker());
    retrying(
        () ->
            management
                .genericKubernetesResources(target.tenant())
                .inNamespace(i.namespace())
                .resource(r)
                .create(),
        true);
  }

  /** Sets the spec marker of each instance to {@code markers[i]}, paced. */
  void updateSpecPaced(Probe probe, List<Instance> instances, List<String> markers, double rate) {
    Target target = probe.target;
    List<Integer> idx = java.util.stream.IntStream.range(0, instances.size()).boxed().toList();
    paced(
        idx,
        rate,
        n -> {
          Instance i = instances.get(n);
          probe.requesting(markers.get(n));
          retrying(
              () ->
                  management
                      .genericKubernetesResources(target.tenant())
                      .inNamespace(i.namespace())
                      .resource(
                          named(
                              target.tenant().getGroup() + "/" + target.tenant().getVersion(),
                              target.tenant().getKind(),
                              i.namespace(),
                              i.name()))
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"spec\":{\"" + Probe.SPEC_FIELD + "\":\"" + markers.get(n) + "\"}}"),
              false);
        });
  }

  /**
   * Sets the status marker of each instance's service-side object to {@code markers[i]}, paced:
   * what a service operator does when the state of a service changes.
   */
  void updateServiceStatusPaced(
      Probe probe, List<Instance> instances, List<String> markers, double rate) {
    Target target = probe.target;
    List<Integer> idx = java.util.stream.IntStream.range(0, instances.size()).boxed().toList();
    paced(
        idx,
        rate,
        n -> {
          Instance i = instances.get(n);
          probe.requesting(markers.get(n));
          retrying(
              () ->
                  services
                      .get(i.region())
                      .genericKubernetesResources(SampleRedisOperator.CONTEXT)
                      .inNamespace(target.serviceNamespace(i.namespace()))
                      .resource(
                          named(
                              SampleRedisOperator.API_VERSION,
                              SampleRedisOperator.KIND,
                              target.serviceNamespace(i.namespace()),
                              i.name()))
                      .subresource("status")
                      .patch(
                          PatchContext.of(PatchType.JSON_MERGE),
                          "{\"status\":{\""
                              + Probe.STATUS_FIELD
                              + "\":\""
                              + markers.get(n)
                              + "\"}}"),
              false);
        });
  }

  /**
   * An object that only names what to patch: fabric8's {@code patch(context, String)} on {@code
   * withName} would GET the object first, a request the tenants and operators would not make.
   */
  static GenericKubernetesResource named(
      String apiVersion, String kind, String namespace, String name) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(apiVersion);
    r.setKind(kind);
    r.setMetadata(new ObjectMeta());
    r.getMetadata().setNamespace(namespace);
    r.getMetadata().setName(name);
    return r;
  }

  /** Deletes all {@code instances} of the probe's target, as fast as the pool allows. */
  void delete(Probe probe, List<Instance> instances) {
    Target target = probe.target;
    all(
        instances,
        i ->
            retrying(
                () ->
                    management
                        .genericKubernetesResources(target.tenant())
                        .inNamespace(i.namespace())
                        .withName(i.name())
                        .delete(),
                false));
  }

  private <T> void all(List<T> items, Consumer<T> action) {
    List<Future<?>> futures = new ArrayList<>(items.size());
    for (T item : items) {
      futures.add(pool.submit(() -> action.accept(item)));
    }
    join(futures);
  }

  private <T> void paced(List<T> items, double rate, Consumer<T> action) {
    long interval = (long) (1e9 / rate);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>(items.size());
    for (int n = 0; n < items.size(); n++) {
      long due = start + n * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      T item = items.get(n);
      futures.add(pool.submit(() -> action.accept(item)));
    }
    join(futures);
  }

  private static void join(List<Future<?>> futures) {
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /** Runs {@code request}, retrying transient failures; a 409 on create means it exists. */
  private void retrying(Runnable request, boolean create) {
    Duration backoff = Duration.ofMillis(200);
    for (int attempt = 1; ; attempt++) {
      try {
        request.run();
        return;
      } catch (KubernetesClientException e) {
        if (create && e.getCode() == 409) {
          return;
        }
        boolean transient_ = e.getCode() == 0 || e.getCode() == 429 || e.getCode() >= 500;
        if (!transient_ || attempt == 5) {
          failed.incrementAndGet();
          System.err.printf("[load] request failed (%d attempts): %s%n", attempt, e.getMessage());
          return;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(backoff.toNanos() * attempt);
      }
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
