package io.kubecarrier.benchmark;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline: the least a program can do to propagate instances, written for the benchmark with
 * two plain fabric8 clients and no framework. It watches tenant instances (of a copy of the hub's
 * tenant CRD in its own group) on the management cluster, applies each new generation to the
 * service cluster named by its region label (namespace {@code bl-<namespace>}), watches the
 * service-side objects and merge-patches their status back onto the tenant instance, and deletes
 * the service-side object when the tenant instance goes. No finalizers, no conditions, no
 * connection Secrets, no RBAC of its own (it is admin in every cluster): the hub's extra work is
 * part of what the comparison shows.
 *
 * <p>Events are handled on as many single-threaded lanes as the agent has workers (the plan's
 * {@code workers}, given to both; one object always on the same lane, so in order); a failed
 * request is retried a few times after 0.5 s.
 */
final class BaselineCopier implements AutoCloseable {

  static final String GROUP = "baseline.bench.kubecarrier.io";
  static final String NAMESPACE_PREFIX = "bl-";
  static final String OWNER_NAMESPACE = "bench.kubecarrier.io/owner-namespace";
  static final String FIELD_MANAGER = "baseline-copier";
  private static final int ATTEMPTS = 5;

  private final KubernetesClient management;
  private final Map<String, KubernetesClient> services;
  private final ResourceDefinitionContext tenant;
  private final ScheduledExecutorService[] lanes;
  private final Map<String, Long> appliedGeneration = new ConcurrentHashMap<>();
  private final Map<String, Object> copiedStatus = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();
  final AtomicLong requests = new AtomicLong();
  final AtomicLong failures = new AtomicLong();

  /** {@code services}: service cluster (region) name → client. */
  BaselineCopier(
      KubernetesClient management,
      Map<String, KubernetesClient> services,
      ResourceDefinitionContext tenant,
      int lanes) {
    this.management = management;
    this.services = Map.copyOf(services);
    this.tenant = tenant;
    this.lanes = new ScheduledExecutorService[lanes];
    for (int i = 0; i < lanes; i++) {
      int n = i;
      this.lanes[i] =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "baseline-" + n);
                t.setDaemon(true);
                return t;
              });
    }
  }

  BaselineCopier start() {
    informers.add(
        management
            .genericKubernetesResources(tenant)
            .inAnyNamespace()
            .inform(
                handler(
                    t -> submit(Probe.key(t), () -> applyDown(t), 1),
                    t -> submit(Probe.key(t), () -> deleteDown(t), 1)),
                0));
    services.forEach(
        (region, client) ->
            informers.add(
                client
                    .genericKubernetesResources(SampleRedisOperator.CONTEXT)
                    .inAnyNamespace()
                    .withLabel(OWNER_NAMESPACE)
                    .inform(
                        handler(
                            s -> submit(tenantKey(s), () -> statusUp(s), 1),
                            s -> copiedStatus.remove(tenantKey(s))),
                        0)));
    return this;
  }

  private void applyDown(GenericKubernetesResource t) {
    String key = Probe.key(t);
    Long generation = t.getMetadata().getGeneration();
    if (t.getMetadata().getDeletionTimestamp() != null
        || Objects.equals(generation, appliedGeneration.get(key))) {
      return;
    }
    KubernetesClient service = serviceOf(t);
    if (service == null) {
      return;
    }
    GenericKubernetesResource s = new GenericKubernetesResource();
    s.setApiVersion(SampleRedisOperator.API_VERSION);
    s.setKind(SampleRedisOperator.KIND);
    s.setMetadata(new ObjectMeta());
    s.getMetadata().setName(t.getMetadata().getName());
    s.getMetadata().setNamespace(NAMESPACE_PREFIX + t.getMetadata().getNamespace());
    s.getMetadata().setLabels(Map.of(OWNER_NAMESPACE, t.getMetadata().getNamespace()));
    s.setAdditionalProperty("spec", t.getAdditionalProperties().get("spec"));
    requests.incrementAndGet();
    service
        .genericKubernetesResources(SampleRedisOperator.CONTEXT)
        .inNamespace(s.getMetadata().getNamespace())
        .resource(s)
        .fieldManager(FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
    appliedGeneration.put(key, generation);
  }

  private void statusUp(GenericKubernetesResource s) {
    Object status = s.getAdditionalProperties().get("status");
    String key = tenantKey(s);
    if (status == null || status.equals(copiedStatus.get(key))) {
      return;
    }
    Map<String, Object> patch = new LinkedHashMap<>();
    patch.put("status", status);
    requests.incrementAndGet();
    try {
      management
          .genericKubernetesResources(tenant)
          .inNamespace(s.getMetadata().getLabels().get(OWNER_NAMESPACE))
          .resource(
              Load.named(
                  tenant.getGroup() + "/" + tenant.getVersion(),
                  tenant.getKind(),
                  s.getMetadata().getLabels().get(OWNER_NAMESPACE),
                  s.getMetadata().getName()))
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
      copiedStatus.put(key, status);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  private void deleteDown(GenericKubernetesResource t) {
    appliedGeneration.remove(Probe.key(t));
    KubernetesClient service = serviceOf(t);
    if (service == null) {
      return;
    }
    requests.incrementAndGet();
    service
        .genericKubernetesResources(SampleRedisOperator.CONTEXT)
        .inNamespace(NAMESPACE_PREFIX + t.getMetadata().getNamespace())
        .withName(t.getMetadata().getName())
        .delete();
  }

  private KubernetesClient serviceOf(GenericKubernetesResource t) {
    Map<String, String> labels = t.getMetadata().getLabels();
    return labels == null ? null : services.get(labels.get(Labels.REGION));
  }

  private static String tenantKey(GenericKubernetesResource s) {
    return s.getMetadata().getLabels().get(OWNER_NAMESPACE) + "/" + s.getMetadata().getName();
  }

  private void submit(String key, Runnable work, int attempt) {
    ScheduledExecutorService lane = lanes[Math.floorMod(key.hashCode(), lanes.length)];
    Runnable task =
        () -> {
          try {
            work.run();
          } catch (RuntimeException e) {
            failures.incrementAndGet();
            if (attempt < ATTEMPTS) {
              submit(key, work, attempt + 1);
            } else {
              System.err.printf("[baseline] %s failed %d times: %s%n", key, attempt, e);
            }
          }
        };
    if (attempt == 1) {
      lane.execute(task);
    } else {
      lane.schedule(task, 500, TimeUnit.MILLISECONDS);
    }
  }

  private static ResourceEventHandler<GenericKubernetesResource> handler(
      java.util.function.Consumer<GenericKubernetesResource> changed,
      java.util.function.Consumer<GenericKubernetesResource> deleted) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(GenericKubernetesResource obj) {
        changed.accept(obj);
      }

      @Override
      public void onUpdate(GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
        changed.accept(newObj);
      }

      @Override
      public void onDelete(GenericKubernetesResource obj, boolean unknown) {
        deleted.accept(obj);
      }
    };
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::stop);
    for (ScheduledExecutorService lane : lanes) {
      lane.shutdownNow();
    }
  }
}
