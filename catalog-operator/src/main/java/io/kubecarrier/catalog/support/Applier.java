package io.kubecarrier.catalog.support;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.api.common.Names;
import java.util.HashMap;

/**
 * Server-side apply that skips the call when nothing changed: the desired object's hash is kept in
 * an annotation, and an object in the informer cache with the same hash is left alone. Fields that
 * the API server defaults therefore never cause a write loop.
 */
public final class Applier {

  /** Annotation with the hash of the desired state last applied. */
  public static final String HASH = "kubecarrier.io/catalog-operator-hash";

  private Applier() {}

  /** The hash of a desired object (before the hash annotation is set). */
  public static String hash(HasMetadata desired) {
    return Names.hash(Serialization.asJson(desired));
  }

  /** Whether {@code existing} was last applied from exactly {@code desired}. */
  public static boolean upToDate(HasMetadata existing, HasMetadata desired) {
    if (existing == null || existing.getMetadata().getAnnotations() == null) {
      return false;
    }
    return hash(withoutHash(desired)).equals(existing.getMetadata().getAnnotations().get(HASH));
  }

  /**
   * Applies {@code desired} unless {@code existing} is up to date.
   *
   * @return the object as it is now, and whether it was written
   */
  public static <T extends HasMetadata> Result<T> apply(
      KubernetesClient client, T desired, T existing) {
    return write(client, desired, existing, false);
  }

  /**
   * Applies {@code desired} onto exactly the object {@code existing} (its {@code uid} and {@code
   * resourceVersion} go with the request as preconditions) unless it is up to date. The API server
   * refuses with 409 Conflict when the object changed or is gone meanwhile: unlike a plain apply,
   * this never creates an object.
   *
   * @return the object as it is now, and whether it was written
   */
  public static <T extends HasMetadata> Result<T> applyTo(
      KubernetesClient client, T desired, T existing) {
    return write(client, desired, existing, true);
  }

  private static <T extends HasMetadata> Result<T> write(
      KubernetesClient client, T desired, T existing, boolean onto) {
    if (upToDate(existing, desired)) {
      return new Result<>(existing, false);
    }
    String hash = hash(withoutHash(desired));
    if (desired.getMetadata().getAnnotations() == null) {
      desired.getMetadata().setAnnotations(new HashMap<>());
    }
    desired.getMetadata().getAnnotations().put(HASH, hash);
    if (onto) {
      desired.getMetadata().setUid(existing.getMetadata().getUid());
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
    }
    T applied =
        client
            .resource(desired)
            .fieldManager(Ownership.FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
    return new Result<>(applied, true);
  }

  private static <T extends HasMetadata> T withoutHash(T desired) {
    if (desired.getMetadata().getAnnotations() != null
        && desired.getMetadata().getAnnotations().containsKey(HASH)) {
      desired.getMetadata().getAnnotations().remove(HASH);
      if (desired.getMetadata().getAnnotations().isEmpty()) {
        desired.getMetadata().setAnnotations(null);
      }
    }
    return desired;
  }

  /** The outcome of {@link #apply}. */
  public record Result<T>(T object, boolean written) {}
}
