package io.kubecarrier.catalog.support;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.KubeCarrierStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Writes status with server-side apply of a minimal object (name, namespace, status) under the
 * operator's field manager, and only when the status really changed.
 */
public final class StatusWriter {

  private static final PatchContext APPLY =
      new PatchContext.Builder()
          .withPatchType(PatchType.SERVER_SIDE_APPLY)
          .withFieldManager(Ownership.FIELD_MANAGER)
          .withForce(true)
          .build();

  private StatusWriter() {}

  /** A copy of the current conditions, to compute the next status from. */
  public static List<Condition> copyConditions(KubeCarrierStatus current) {
    List<Condition> out = new ArrayList<>();
    if (current != null && current.getConditions() != null) {
      current.getConditions().forEach(c -> out.add(c.copy()));
    }
    return out;
  }

  /**
   * Applies {@code next} as the status of {@code resource} unless it equals the current one.
   *
   * @return whether a write happened
   */
  public static <S extends KubeCarrierStatus, T extends CustomResource<?, S>> boolean write(
      KubernetesClient client, T resource, S next, Supplier<T> empty) {
    if (Objects.equals(resource.getStatus(), next)) {
      return false;
    }
    T minimal = empty.get();
    minimal.setMetadata(
        new ObjectMetaBuilder()
            .withName(resource.getMetadata().getName())
            .withNamespace(resource.getMetadata().getNamespace())
            .build());
    minimal.setStatus(next);
    client.resource(minimal).subresource("status").patch(APPLY);
    return true;
  }
}
