package io.kubecarrier.propagation.placement;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.propagation.SyncFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The agent's hold on ServiceClusterAssignments: before anything is applied through an assignment,
 * the agent puts its finalizer on it ("in use", as Kubernetes' {@code pvc-protection}), and removes
 * it once the assignment is being deleted and no instance is placed through it any more. While the
 * finalizer is there, the cluster registry keeps the namespace (docs/lifecycle.md). The API server
 * refuses new finalizers on an object being deleted, so the agent never starts using an assignment
 * whose namespace is about to go.
 */
public final class AssignmentHolds {

  private static final Logger LOG = Logger.getLogger(AssignmentHolds.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient management;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /**
   * Holds made by this process that the informer may not show yet ({@code namespace/name/uid}), so
   * that the instances that follow at once do not patch again.
   */
  private final Set<String> made = ConcurrentHashMap.newKeySet();

  public AssignmentHolds(KubernetesClient management) {
    this.management = management;
  }

  /** Whether the agent's finalizer is on {@code sca}. */
  public static boolean held(ServiceClusterAssignment sca) {
    List<String> f = sca.getMetadata().getFinalizers();
    return f != null && f.contains(Finalizers.PROPAGATION_AGENT);
  }

  /**
   * Makes sure this agent holds {@code sca} (from the informer cache); throws a {@link SyncFailure}
   * when it cannot, because the assignment is gone or being deleted.
   */
  public void hold(ServiceClusterAssignment sca) {
    if (held(sca) || made.contains(key(sca))) {
      return;
    }
    synchronized (locks.computeIfAbsent(ref(sca), k -> new Object())) {
      if (made.contains(key(sca))) {
        return;
      }
      ServiceClusterAssignment current = sca;
      for (int attempt = 0; attempt < 2; attempt++) {
        if (held(current)) {
          made.add(key(current));
          return;
        }
        if (current.getMetadata().getDeletionTimestamp() != null) {
          throw beingDeleted(sca);
        }
        List<String> finalizers = new ArrayList<>(finalizers(current));
        finalizers.add(Finalizers.PROPAGATION_AGENT);
        try {
          patch(current, finalizers);
          made.add(key(current));
          LOG.infof("assignment %s: held (instances are placed through it)", ref(sca));
          return;
        } catch (KubernetesClientException e) {
          if (ApiErrors.isNotFound(e)) {
            throw new SyncFailure(
                Reasons.ASSIGNMENT_MISSING,
                "ServiceClusterAssignment " + ref(sca) + " does not exist any more");
          }
          if (e.getCode() == 422) {
            throw beingDeleted(sca); // no new finalizers on an object being deleted
          }
          if (!ApiErrors.isConflict(e)) {
            throw e;
          }
          current = fresh(sca);
          if (current == null) {
            throw new SyncFailure(
                Reasons.ASSIGNMENT_MISSING,
                "ServiceClusterAssignment " + ref(sca) + " does not exist any more");
          }
        }
      }
      throw new SyncFailure(
          Reasons.SYNC_FAILED, "ServiceClusterAssignment " + ref(sca) + " changed while held");
    }
  }

  /** Lets go of {@code sca}; a conflict is left to the next pass. */
  public void release(ServiceClusterAssignment sca) {
    synchronized (locks.computeIfAbsent(ref(sca), k -> new Object())) {
      List<String> finalizers = new ArrayList<>(finalizers(sca));
      if (!finalizers.remove(Finalizers.PROPAGATION_AGENT)) {
        return;
      }
      try {
        patch(sca, finalizers);
        LOG.infof("assignment %s: released (no instance is placed through it any more)", ref(sca));
      } catch (KubernetesClientException e) {
        if (!ApiErrors.isNotFound(e) && !ApiErrors.isConflict(e)) {
          throw e;
        }
      } finally {
        made.remove(key(sca));
        locks.remove(ref(sca));
      }
    }
  }

  /** A merge patch of the finalizers, with the cached resourceVersion as precondition. */
  private void patch(ServiceClusterAssignment sca, List<String> finalizers) {
    Map<String, Object> patch =
        Map.of(
            "metadata",
            Map.of(
                "resourceVersion",
                sca.getMetadata().getResourceVersion(),
                "finalizers",
                finalizers));
    String body;
    try {
      body = JSON.writeValueAsString(patch);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    management
        .resources(ServiceClusterAssignment.class)
        .inNamespace(sca.getMetadata().getNamespace())
        .resource(sca)
        .patch(PatchContext.of(PatchType.JSON_MERGE), body);
  }

  private ServiceClusterAssignment fresh(ServiceClusterAssignment sca) {
    return management
        .resources(ServiceClusterAssignment.class)
        .inNamespace(sca.getMetadata().getNamespace())
        .withName(sca.getMetadata().getName())
        .get();
  }

  private static List<String> finalizers(ServiceClusterAssignment sca) {
    return sca.getMetadata().getFinalizers() == null
        ? List.of()
        : sca.getMetadata().getFinalizers();
  }

  private static SyncFailure beingDeleted(ServiceClusterAssignment sca) {
    return new SyncFailure(
        Reasons.ASSIGNMENT_MISSING,
        "ServiceClusterAssignment "
            + ref(sca)
            + " is being deleted and no instance uses it; a new one is made while the offering is"
            + " published");
  }

  private static String ref(ServiceClusterAssignment sca) {
    return sca.getMetadata().getNamespace() + "/" + sca.getMetadata().getName();
  }

  private static String key(ServiceClusterAssignment sca) {
    return ref(sca) + "/" + sca.getMetadata().getUid();
  }
}
