package io.kubecarrier.registry;

import io.kubecarrier.registry.assignment.AssignmentReleased;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a test's step on the registry's reconciler thread right after it let go of an assignment's
 * finalizer, while that execution is still in flight ({@link AssignmentReleased}).
 */
@ApplicationScoped
public class WhileReleasing {

  private static final Map<String, Runnable> STEPS = new ConcurrentHashMap<>();

  /** Runs {@code step} once, when {@code namespace/name} is released. */
  static void arm(String namespace, String name, Runnable step) {
    STEPS.put(namespace + "/" + name, step);
  }

  void onReleased(@Observes AssignmentReleased released) {
    Runnable step = STEPS.remove(released.namespace() + "/" + released.name());
    if (step != null) {
      step.run();
    }
  }
}
