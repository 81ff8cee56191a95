package io.kubecarrier.catalog.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.operator.ownership.Metadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * The one write path for everything the catalog operator owns: tenant CRDs, ValidatingAdmission
 * Policies and bindings, Offerings, Providers, Regions, Roles and RoleBindings in tenant
 * namespaces, ServiceClusterAssignments, CustomResourceDiscoveries and CatalogEntries.
 *
 * <p><b>Drift is corrected.</b> Each write is a server-side apply of the full desired object under
 * the field manager {@link Ownership#FIELD_MANAGER}, forced: fields the operator sets that someone
 * else changed (a schema property, a CEL expression, a Role's rules, a RoleBinding's subjects, an
 * Offering's spec, a label) are set back, a field the operator no longer sets is removed, and
 * fields only others set (a foreign label, an annotation, a finalizer, an extra item in a set-typed
 * list) are left alone — the semantics of server-side apply. When the desired object merged with
 * what others set is invalid (422: a binding whose {@code validationActions} someone set to {@code
 * Warn} cannot also say {@code Deny}), the desired object is written as a JSON merge patch, whose
 * lists replace the object's, and then applied again.
 *
 * <p>Every reconcile that concerns an object applies it unless the object is exactly as this
 * process left it: the informer's copy has the {@code resourceVersion} that this process's last
 * apply of the same desired object (same {@link #hash}) returned. Any change by anyone gives a new
 * {@code resourceVersion}, so the next reconcile applies again; the watch event of that change is
 * what triggers the reconcile (the controllers watch every kind they own, see the controllers'
 * event sources). Remembering only saves calls: a Catalog reconcile would otherwise send one apply
 * per object published in its provider namespace, on every event there.
 *
 * <p><b>No write loops.</b> The API server makes an apply that changes nothing a no-op: no new
 * {@code resourceVersion}, no watch event (also when it defaults fields the desired object leaves
 * out: defaulted fields are not the operator's). So an operator that restarted (nothing remembered)
 * applies each object once and writes nothing, and an object changed only by others' bookkeeping
 * (status written by the cluster registry, a finalizer) costs one such no-op apply. {@code
 * SteadyStateIT} checks both against a real API server.
 *
 * <p>Desired objects carry no hash annotation any more; objects written by older versions carry
 * {@code kubecarrier.io/catalog-operator-hash}, which the first apply removes where the operator's
 * apply owned it (harmless where it stays: nothing reads it).
 *
 * <p>Metric {@code kubecarrier_catalog_applies_total{kind, result}}: {@code skipped} (exactly as
 * left, no call), {@code unchanged} (applied, nothing to change), {@code changed} (created, or the
 * desired object changed), {@code corrected} (the desired object is the same, someone else had
 * changed the object: set back).
 */
@ApplicationScoped
public class Applier {

  /** How many objects' last applies are remembered; the eldest are forgotten first. */
  static final int REMEMBERED = 50_000;

  private static final Logger LOG = Logger.getLogger(Applier.class);
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Inject KubernetesClient client;
  @Inject MeterRegistry meters;

  /** The last apply of each object by this process: desired hash and resulting version. */
  private final Map<String, Applied> applied =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Applied> eldest) {
              return size() > REMEMBERED;
            }
          });

  private record Applied(String hash, String resourceVersion) {}

  /** The outcome of a write: the object as it is now, and whether the write changed it. */
  public record Result<T>(T object, boolean changed) {}

  /** The hash of a desired object: equal hashes, equal applies. */
  public static String hash(HasMetadata desired) {
    return Names.hash(JSON.asJson(desired));
  }

  /**
   * Applies {@code desired} (creating it when absent) unless {@code existing}, the informer's copy
   * or null, is exactly as this process left it.
   */
  public <T extends HasMetadata> Result<T> apply(T desired, T existing) {
    return write(desired, existing, false);
  }

  /**
   * Applies {@code desired} onto exactly the object {@code existing} (its {@code uid} and {@code
   * resourceVersion} go with the request as preconditions) unless it is exactly as this process
   * left it. The API server refuses with 409 Conflict when the object changed or is gone meanwhile:
   * unlike a plain apply, this never creates an object.
   */
  public <T extends HasMetadata> Result<T> applyTo(T desired, T existing) {
    return write(desired, Objects.requireNonNull(existing, "existing"), true);
  }

  /**
   * Creates {@code desired} (fails with 409 when it exists: never takes over an object), and
   * remembers it like an apply; later writes are {@link #apply}.
   */
  public <T extends HasMetadata> T create(T desired) {
    String hash = hash(desired);
    T created = client.resource(desired).create();
    remember(desired, hash, created);
    count(desired, "changed");
    return created;
  }

  /** Forgets every apply, as a restarted operator has (tests). */
  public void forget() {
    applied.clear();
  }

  private <T extends HasMetadata> Result<T> write(T desired, T existing, boolean onto) {
    String key = key(desired);
    String hash = hash(desired);
    Applied last = applied.get(key);
    String before = existing == null ? null : existing.getMetadata().getResourceVersion();
    if (existing != null
        && last != null
        && last.hash().equals(hash)
        && last.resourceVersion().equals(before)) {
      count(desired, "skipped");
      return new Result<>(existing, false);
    }
    if (onto) {
      desired.getMetadata().setUid(existing.getMetadata().getUid());
      desired.getMetadata().setResourceVersion(before);
    }
    T now;
    try {
      now = serverSideApply(desired);
    } catch (KubernetesClientException e) {
      if (existing == null || !ApiErrors.isRejected(e)) {
        throw e;
      }
      // what others set, merged with the desired object, is invalid (a binding with Deny and Warn):
      // replace their values, then apply to own the fields again
      LOG.infof(
          "%s %s: replacing what someone else set (%s)",
          desired.getKind(), Metadata.ref(desired), ApiErrors.message(e));
      replace(desired);
      now = serverSideApply(desired);
    }
    remember(desired, hash, now);
    String after = now.getMetadata().getResourceVersion();
    boolean changed =
        existing == null
            || !after.equals(before)
                && (last == null || !after.equals(last.resourceVersion()))
                && !content(now).equals(content(existing));
    String result;
    if (!changed) {
      result = "unchanged";
    } else if (existing != null && last != null && last.hash().equals(hash)) {
      result = "corrected";
      LOG.infof(
          "%s %s: set back to what the catalog operator applied (someone else changed it)",
          desired.getKind(), Metadata.ref(desired));
    } else {
      result = "changed";
    }
    count(desired, result);
    return new Result<>(now, changed);
  }

  private <T extends HasMetadata> T serverSideApply(T desired) {
    return client
        .resource(desired)
        .fieldManager(Ownership.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
  }

  /**
   * Writes the desired object as a JSON merge patch: its lists replace the object's (the items
   * others added go), its maps are merged (foreign labels stay). With the desired object's {@code
   * resourceVersion}, if any, as precondition; never creates.
   */
  private void replace(HasMetadata desired) {
    client
        .resource(desired)
        .patch(
            new PatchContext.Builder()
                .withPatchType(PatchType.JSON_MERGE)
                .withFieldManager(Ownership.FIELD_MANAGER)
                .build(),
            JSON.asJson(desired));
  }

  private void remember(HasMetadata desired, String hash, HasMetadata now) {
    applied.put(key(desired), new Applied(hash, now.getMetadata().getResourceVersion()));
  }

  private static String key(HasMetadata o) {
    return o.getApiVersion()
        + "/"
        + o.getKind()
        + "/"
        + Objects.requireNonNullElse(o.getMetadata().getNamespace(), "")
        + "/"
        + o.getMetadata().getName();
  }

  /**
   * What an object says, without the API server's bookkeeping ({@code resourceVersion}, {@code
   * managedFields}, {@code generation}) and status: a first apply after a create, for example, only
   * adds an entry to {@code managedFields}.
   */
  private static JsonNode content(HasMetadata o) {
    JsonNode tree = JSON.convertValue(o, JsonNode.class);
    if (tree instanceof ObjectNode object) {
      object.remove("status");
      if (object.get("metadata") instanceof ObjectNode metadata) {
        metadata.remove(List.of("resourceVersion", "managedFields", "generation"));
      }
    }
    return tree;
  }

  private void count(HasMetadata o, String result) {
    Counter.builder("kubecarrier.catalog.applies")
        .description(
            "Writes of objects the catalog operator owns, by kind and result (skipped, unchanged,"
                + " changed, corrected)")
        .tag("kind", o.getKind())
        .tag("result", result)
        .register(meters)
        .increment();
  }
}
