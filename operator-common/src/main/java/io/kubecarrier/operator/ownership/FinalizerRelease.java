package io.kubecarrier.operator.ownership;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.util.List;
import java.util.Objects;

/**
 * How a cleanup lets go of its controller's finalizer: removed here, guarded by the object's uid,
 * and the cleanup returns {@link DeleteControl#noFinalizerRemoval()}. Every {@code Cleaner} of the
 * four operators finishes this way instead of with {@code DeleteControl.defaultDelete()}.
 *
 * <p>Why not JOSDK's own removal (5.3): JOSDK keys its per-object state by namespace and name. When
 * its removal succeeds it marks that state "processed mark for deletion" once the cleanup's
 * execution finishes, and drops timer events and deletion events while the mark stands. If the
 * object's DELETE event arrives while that execution is still finishing, the state is discarded and
 * an object created again under the same name in that moment gets a fresh state, which the
 * finishing execution then marks. That object is never reconciled after its finalizer is added, and
 * its own deletion is never acted on ({@code ./kc chaos} found a ServiceClusterAssignment stuck so,
 * docs/reliability.md). A removal done by the cleanup itself never sets the mark. JOSDK's removal
 * also re-reads the object by name after a conflict, so it could take the finalizer off an object
 * of the same name created meanwhile; the uid guard here never does.
 */
public final class FinalizerRelease {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();
  private static final int ATTEMPTS = 5;

  private FinalizerRelease() {}

  /**
   * Removes the controller's finalizer from {@code deleting} (see {@link #remove}) and tells JOSDK
   * not to remove it again.
   */
  public static <P extends HasMetadata> DeleteControl release(Context<P> context, P deleting) {
    remove(context.getClient(), deleting, context.getControllerConfiguration().getFinalizerName());
    return DeleteControl.noFinalizerRemoval();
  }

  /**
   * Removes {@code finalizer} from the object {@code of} names, as long as that object still has
   * {@code of}'s uid: a JSON patch that tests the uid and the finalizer at its index, read again
   * and retried when someone else changed the list meanwhile. Returns whether this call removed it
   * (false when the object is gone, was created again, or no longer has the finalizer).
   */
  public static boolean remove(KubernetesClient client, HasMetadata of, String finalizer) {
    String uid = of.getMetadata().getUid();
    HasMetadata current = of;
    for (int attempt = 1; ; attempt++) {
      List<String> finalizers = current.getMetadata().getFinalizers();
      int index = finalizers == null ? -1 : finalizers.indexOf(finalizer);
      if (index < 0) {
        return false;
      }
      try {
        client
            .resource(current)
            .patch(PatchContext.of(PatchType.JSON), removal(uid, index, finalizer));
        return true;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return false;
        }
        // 409/422: the list changed meanwhile (a test op failed or the index moved)
        if ((e.getCode() != 409 && e.getCode() != 422) || attempt == ATTEMPTS) {
          throw e;
        }
      }
      current = client.resource(of).get();
      if (current == null || !Objects.equals(uid, current.getMetadata().getUid())) {
        return false;
      }
    }
  }

  /** The JSON patch removing {@code finalizer} at {@code index} of the object with {@code uid}. */
  static String removal(String uid, int index, String finalizer) {
    String path = "\"/metadata/finalizers/" + index + "\"";
    return "[{\"op\":\"test\",\"path\":\"/metadata/uid\",\"value\":"
        + JSON.asJson(uid)
        + "},{\"op\":\"test\",\"path\":"
        + path
        + ",\"value\":"
        + JSON.asJson(finalizer)
        + "},{\"op\":\"remove\",\"path\":"
        + path
        + "}]";
  }
}
