package io.kubecarrier.testkit.sample;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubecarrier.testkit.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sample "Redis operator" for a service cluster, for tests and the walkthrough: it is clearly not
 * a real one. It watches {@code redis.cache.example.com} objects and, for each generation, writes
 * {@code status} ({@code phase: Running}, {@code observedGeneration}, {@code endpoint}, {@code
 * connectionSecretRef.name}) and a connection Secret {@code <name>-redis-auth} in the object's
 * namespace (keys {@code host}, {@code port}, {@code password}); it also sets the annotation {@link
 * #HOST_ANNOTATION}, a field only the service operator owns.
 *
 * <p>Runs in-process with a client of the service cluster (admin in tests). {@link #shared} starts
 * one per cluster and JVM.
 */
public final class SampleRedisOperator implements AutoCloseable {

  public static final String GROUP = "cache.example.com";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "Redis";
  public static final String PLURAL = "redis";
  public static final String CRD_NAME = PLURAL + "." + GROUP;
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** The one-shot kinds of the sample: a backup of a Redis, a restore into one. */
  public static final String BACKUP_KIND = "RedisBackup";

  public static final String RESTORE_KIND = "RedisRestore";

  /** Every CRD of the sample, as the walkthrough offers them. */
  public static final List<String> CRD_NAMES =
      List.of(CRD_NAME, "redisbackups." + GROUP, "redisrestores." + GROUP);

  /** Field manager of everything this sample writes. */
  public static final String FIELD_MANAGER = "sample-redis-operator";

  /** Annotation set by the sample operator on every Redis: the host it serves on. */
  public static final String HOST_ANNOTATION = "cache.example.com/host";

  /** Suffix of the connection Secret the sample writes for each Redis. */
  public static final String SECRET_SUFFIX = "-redis-auth";

  public static final ResourceDefinitionContext CONTEXT =
      new ResourceDefinitionContext.Builder()
          .withGroup(GROUP)
          .withVersion(VERSION)
          .withKind(KIND)
          .withPlural(PLURAL)
          .withNamespaced(true)
          .build();

  private static final Logger LOG = LoggerFactory.getLogger(SampleRedisOperator.class);
  private static final Map<String, SampleRedisOperator> SHARED = new ConcurrentHashMap<>();

  private final KubernetesClient client;
  private final String clusterName;
  private volatile SharedIndexInformer<GenericKubernetesResource> informer;
  private final List<SharedIndexInformer<GenericKubernetesResource>> jobInformers =
      new java.util.ArrayList<>();

  /**
   * Redis events are handled on a few single-threaded lanes, one object always on the same lane (so
   * in order): a real operator reconciles objects in parallel, and the benchmarks create thousands.
   */
  private final java.util.concurrent.ExecutorService[] lanes =
      new java.util.concurrent.ExecutorService[LANES];

  private static final int LANES = 4;

  private SampleRedisOperator(KubernetesClient client, String clusterName) {
    this.client = client;
    this.clusterName = clusterName;
    for (int i = 0; i < LANES; i++) {
      lanes[i] =
          java.util.concurrent.Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "sample-redis-" + clusterName);
                t.setDaemon(true);
                return t;
              });
    }
  }

  /** Keys queued and not yet reconciled: more events for them meanwhile add nothing. */
  private final java.util.Set<String> queued = ConcurrentHashMap.newKeySet();

  /**
   * Queues a reconcile of the object's key unless one is queued already; the reconcile reads the
   * latest version from the cache (as a controller's work queue does), not the event's.
   */
  private void queue(GenericKubernetesResource redis) {
    String key = redis.getMetadata().getNamespace() + "/" + redis.getMetadata().getName();
    if (queued.add(key)) {
      lane(redis)
          .execute(
              () -> {
                queued.remove(key);
                var cache = informer; // null while the first list is delivered
                GenericKubernetesResource latest =
                    cache == null ? redis : cache.getStore().getByKey(key);
                if (latest != null) {
                  reconcile(latest);
                }
              });
    }
  }

  private java.util.concurrent.Executor lane(HasMetadata redis) {
    String key = redis.getMetadata().getNamespace() + "/" + redis.getMetadata().getName();
    return lanes[Math.floorMod(key.hashCode(), LANES)];
  }

  /** The CRD this sample owns, as a manifest. */
  public static CustomResourceDefinition crd(KubernetesClient client) {
    try (InputStream in =
        SampleRedisOperator.class.getResourceAsStream(
            "/io/kubecarrier/testkit/sample/redis-crd.yaml")) {
      return (CustomResourceDefinition) client.load(in).items().get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Installs the Redis, RedisBackup and RedisRestore CRDs (and waits until they are served). */
  public static void installCrd(KubernetesClient client) {
    for (String file : List.of("redis-crd.yaml", "redisbackup-crd.yaml", "redisrestore-crd.yaml")) {
      try (InputStream in =
          SampleRedisOperator.class.getResourceAsStream("/io/kubecarrier/testkit/sample/" + file)) {
        for (var crd : client.load(in).items()) {
          client
              .resource(crd)
              .fieldManager(Manifests.FIELD_MANAGER)
              .forceConflicts()
              .serverSideApply();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    CRD_NAMES.forEach(n -> Manifests.awaitEstablished(client, n));
    // right after establishment the API server may answer 429 "storage is (re)initializing"
    for (String kind : List.of(KIND, BACKUP_KIND, RESTORE_KIND)) {
      org.awaitility.Awaitility.await(kind + " resources served")
          .atMost(java.time.Duration.ofSeconds(30))
          .pollInterval(java.time.Duration.ofMillis(200))
          .ignoreExceptions()
          .until(
              () -> {
                client.genericKubernetesResources(API_VERSION, kind).inAnyNamespace().list();
                return true;
              });
    }
  }

  /**
   * What the provider of the sample grants in a service cluster (k8s/service-cluster/README.md,
   * "Watching an offered kind once per cluster"): read of the sample's kinds in all namespaces,
   * aggregated into {@code kubecarrier-offered-kinds}, so the propagation agent watches each once
   * per cluster. Waits until the identity {@code namespace/serviceAccount} has the right (the
   * aggregation is asynchronous).
   */
  public static void grantClusterWideRead(
      io.kubecarrier.testkit.KubeCluster cluster,
      String namespace,
      String serviceAccount,
      java.time.Duration timeout) {
    cluster
        .adminClient()
        .rbac()
        .clusterRoles()
        .resource(
            new io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder()
                .withNewMetadata()
                .withName("kubecarrier-read-" + GROUP)
                .addToLabels("kubecarrier.io/aggregate-to-offered-kinds", "true")
                .endMetadata()
                .addNewRule()
                .withApiGroups(GROUP)
                .withResources(CRD_NAMES.stream().map(n -> n.substring(0, n.indexOf('.'))).toList())
                .withVerbs("get", "list", "watch")
                .endRule()
                .build())
        .fieldManager(Manifests.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
    io.kubecarrier.testkit.Access identity =
        io.kubecarrier.testkit.Access.asServiceAccount(cluster, namespace, serviceAccount);
    org.awaitility.Awaitility.await("cluster-wide read of " + GROUP + " in " + cluster.name())
        .atMost(timeout)
        .pollInterval(java.time.Duration.ofMillis(200))
        .until(() -> CRD_NAMES.stream().allMatch(crd -> identity.can("watch", crd, null)));
  }

  /** Installs the CRD and starts the sample in {@code cluster} once per JVM. */
  public static SampleRedisOperator shared(String clusterName, KubernetesClient adminClient) {
    return SHARED.computeIfAbsent(
        clusterName,
        n -> {
          installCrd(adminClient);
          return new SampleRedisOperator(adminClient, n).start();
        });
  }

  public SampleRedisOperator start() {
    informer =
        client
            .genericKubernetesResources(CONTEXT)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(GenericKubernetesResource obj) {
                    queue(obj);
                  }

                  @Override
                  public void onUpdate(
                      GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                    queue(newObj);
                  }

                  @Override
                  public void onDelete(GenericKubernetesResource obj, boolean unknown) {
                    // the Secret carries no ownerReference on purpose: tests see it go away
                    lane(obj).execute(() -> deleteSecret(obj));
                  }
                },
                0);
    for (String kind : List.of(BACKUP_KIND, RESTORE_KIND)) {
      jobInformers.add(
          client
              .genericKubernetesResources(API_VERSION, kind)
              .inAnyNamespace()
              .inform(
                  new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource obj) {
                      complete(obj);
                    }

                    @Override
                    public void onUpdate(
                        GenericKubernetesResource oldObj, GenericKubernetesResource newObj) {
                      complete(newObj);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource obj, boolean unknown) {}
                  },
                  0));
    }
    LOG.info("sample Redis operator watching {}", clusterName);
    return this;
  }

  /**
   * A backup or restore completes at once when its Redis exists in the same namespace, and fails
   * with a message otherwise; each generation is handled once.
   */
  @SuppressWarnings("unchecked")
  private void complete(GenericKubernetesResource job) {
    if (job.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    Long generation = job.getMetadata().getGeneration();
    if (Objects.equals(generation, toLong(statusField(job, "observedGeneration")))) {
      return;
    }
    String ns = job.getMetadata().getNamespace();
    Object spec = job.getAdditionalProperties().get("spec");
    String redis =
        spec instanceof Map<?, ?> m ? (String) ((Map<String, Object>) m).get("redis") : null;
    boolean exists =
        redis != null
            && client.genericKubernetesResources(CONTEXT).inNamespace(ns).withName(redis).get()
                != null;
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("phase", exists ? "Completed" : "Failed");
    st.put("message", exists ? "done" : "Redis " + redis + " not found in " + ns);
    st.put("observedGeneration", generation);
    st.put("completedAt", java.time.Instant.now().toString());
    GenericKubernetesResource status = new GenericKubernetesResource();
    status.setApiVersion(API_VERSION);
    status.setKind(job.getKind());
    status.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    status.getMetadata().setName(job.getMetadata().getName());
    status.getMetadata().setNamespace(ns);
    status.setAdditionalProperty("status", st);
    try {
      client
          .genericKubernetesResources(API_VERSION, job.getKind())
          .inNamespace(ns)
          .resource(status)
          .subresource("status")
          .patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.SERVER_SIDE_APPLY)
                  .withFieldManager(FIELD_MANAGER)
                  .withForce(true)
                  .build(),
              status);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 409) {
        LOG.warn(
            "sample {} {}/{} in {}: {}",
            job.getKind(),
            ns,
            job.getMetadata().getName(),
            clusterName,
            e.getMessage());
      }
    }
  }

  /** Rotates the password in the connection Secret of {@code namespace/name}. */
  public void rotatePassword(String namespace, String name) {
    String secretName = name + SECRET_SUFFIX;
    client
        .secrets()
        .inNamespace(namespace)
        .withName(secretName)
        .edit(
            s -> {
              s.getData()
                  .put(
                      "password",
                      Base64.getEncoder()
                          .encodeToString(
                              UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)));
              return s;
            });
  }

  private void reconcile(GenericKubernetesResource redis) {
    if (redis.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    String ns = redis.getMetadata().getNamespace();
    String name = redis.getMetadata().getName();
    Long generation = redis.getMetadata().getGeneration();
    Object observed = statusField(redis, "observedGeneration");
    boolean annotated =
        redis.getMetadata().getAnnotations() != null
            && redis.getMetadata().getAnnotations().containsKey(HOST_ANNOTATION);
    if (annotated && observed != null && Objects.equals(generation, toLong(observed))) {
      return;
    }
    String host = name + "." + ns + ".redis." + clusterName + ".example.com";
    try {
      ensureSecret(ns, name, host, tenantPassword(redis));
      // a merge patch, not an apply: an apply would re-create an object deleted meanwhile
      client
          .genericKubernetesResources(CONTEXT)
          .inNamespace(ns)
          .resource(minimal(redis))
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"annotations\":{\"" + HOST_ANNOTATION + "\":\"" + host + "\"}}}");
      GenericKubernetesResource status = minimal(redis);
      Map<String, Object> st = new LinkedHashMap<>();
      st.put("phase", "Running");
      st.put("observedGeneration", generation);
      st.put("endpoint", host + ":6379");
      st.put("connectionSecretRef", Map.of("name", name + SECRET_SUFFIX));
      status.setAdditionalProperty("status", st);
      client
          .genericKubernetesResources(CONTEXT)
          .inNamespace(ns)
          .resource(status)
          .subresource("status")
          .patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.SERVER_SIDE_APPLY)
                  .withFieldManager(FIELD_MANAGER)
                  .withForce(true)
                  .build(),
              status);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 409) {
        LOG.warn("sample Redis {}/{} in {}: {}", ns, name, clusterName, e.getMessage());
      }
    }
  }

  /**
   * The password of the Secret {@code spec.authSecretRef.name} names (key {@code password}, same
   * namespace), or null when the Redis names none, or the Secret or its key is missing.
   */
  private String tenantPassword(GenericKubernetesResource redis) {
    Object spec = redis.getAdditionalProperties().get("spec");
    if (!(spec instanceof Map<?, ?> sp)
        || !(sp.get("authSecretRef") instanceof Map<?, ?> ref)
        || !(ref.get("name") instanceof String secretName)
        || secretName.isBlank()) {
      return null;
    }
    Secret s =
        client.secrets().inNamespace(redis.getMetadata().getNamespace()).withName(secretName).get();
    if (s == null || s.getData() == null || s.getData().get("password") == null) {
      LOG.warn(
          "sample Redis {}/{} in {}: Secret {} with key password not found; a generated password"
              + " is used",
          redis.getMetadata().getNamespace(),
          redis.getMetadata().getName(),
          clusterName,
          secretName);
      return null;
    }
    return new String(
        Base64.getDecoder().decode(s.getData().get("password")), StandardCharsets.UTF_8);
  }

  private void ensureSecret(String ns, String name, String host, String password) {
    String secretName = name + SECRET_SUFFIX;
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(secretName)
            .withNamespace(ns)
            .endMetadata()
            .addToStringData("host", host)
            .addToStringData("port", "6379")
            .addToStringData("password", password == null ? UUID.randomUUID().toString() : password)
            .build();
    try {
      client.secrets().inNamespace(ns).resource(secret).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      if (password != null) { // the tenant's password wins; else it exists: keep its password
        String encoded =
            Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        client
            .secrets()
            .inNamespace(ns)
            .withName(secretName)
            .edit(
                s -> {
                  if (!encoded.equals(s.getData() == null ? null : s.getData().get("password"))) {
                    s.getData().put("password", encoded);
                  }
                  return s;
                });
      }
    }
  }

  private void deleteSecret(HasMetadata redis) {
    try {
      client
          .secrets()
          .inNamespace(redis.getMetadata().getNamespace())
          .withName(redis.getMetadata().getName() + SECRET_SUFFIX)
          .delete();
    } catch (KubernetesClientException e) {
      LOG.debug("sample Redis secret delete: {}", e.getMessage());
    }
  }

  private static GenericKubernetesResource minimal(GenericKubernetesResource redis) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(API_VERSION);
    r.setKind(KIND);
    r.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    r.getMetadata().setName(redis.getMetadata().getName());
    r.getMetadata().setNamespace(redis.getMetadata().getNamespace());
    return r;
  }

  @SuppressWarnings("unchecked")
  private static Object statusField(GenericKubernetesResource r, String field) {
    Object status = r.getAdditionalProperties().get("status");
    return status instanceof Map<?, ?> m ? ((Map<String, Object>) m).get(field) : null;
  }

  private static Long toLong(Object o) {
    return o instanceof Number n ? n.longValue() : null;
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.stop();
    }
    jobInformers.forEach(SharedIndexInformer::stop);
    for (var lane : lanes) {
      lane.shutdownNow();
    }
  }
}
