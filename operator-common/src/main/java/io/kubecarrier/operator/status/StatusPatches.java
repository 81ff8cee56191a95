package io.kubecarrier.operator.status;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.KubeCarrierStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Status writes by server-side apply of a minimal object (name, namespace and the new status,
 * nothing else), so the operator's field manager claims only status fields (JOSDK's advice for
 * SSA), and only when the status really changed.
 */
public final class StatusPatches {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private StatusPatches() {}

  /** The patch context of a forced server-side apply under {@code fieldManager}. */
  public static PatchContext apply(String fieldManager) {
    return new PatchContext.Builder()
        .withPatchType(PatchType.SERVER_SIDE_APPLY)
        .withFieldManager(fieldManager)
        .withForce(true)
        .build();
  }

  /** A fresh {@code R} with the identity of {@code current} and {@code status}. */
  public static <S, R extends CustomResource<?, S>> R minimal(
      R current, S status, Supplier<R> factory) {
    R patch = factory.get();
    patch.setMetadata(
        new ObjectMetaBuilder()
            .withName(current.getMetadata().getName())
            .withNamespace(current.getMetadata().getNamespace())
            .build());
    patch.setStatus(status);
    return patch;
  }

  /** A deep copy of a status (or any model object), to change without touching the cache. */
  public static <T> T copy(T object) {
    return object == null ? null : SERIALIZATION.clone(object);
  }

  /** A copy of the current conditions, to compute the next status from. */
  public static List<Condition> copyConditions(KubeCarrierStatus current) {
    List<Condition> out = new ArrayList<>();
    if (current != null && current.getConditions() != null) {
      current.getConditions().forEach(c -> out.add(c.copy()));
    }
    return out;
  }

  /**
   * Applies {@code next} as the status of {@code resource} under {@code fieldManager}, unless it
   * equals the current one.
   *
   * @return whether a write happened
   */
  public static <S, T extends CustomResource<?, S>> boolean applyIfChanged(
      KubernetesClient client, T resource, S next, Supplier<T> factory, String fieldManager) {
    if (Objects.equals(resource.getStatus(), next)) {
      return false;
    }
    client
        .resource(minimal(resource, next, factory))
        .subresource("status")
        .patch(apply(fieldManager));
    return true;
  }
}
