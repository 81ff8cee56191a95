package io.kubecarrier.registry.support;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.function.Supplier;

/**
 * Minimal objects for status patches: name, namespace and the new status, nothing else, so a
 * server-side apply of the status claims only the status fields (JOSDK's advice for SSA).
 */
public final class StatusPatches {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private StatusPatches() {}

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
}
