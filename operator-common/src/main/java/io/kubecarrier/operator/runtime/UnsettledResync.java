package io.kubecarrier.operator.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A safety net under JOSDK's timers: every {@code period}, an event for each primary in the cache
 * that is not settled, so that its reconcile or cleanup runs again even if the timer JOSDK had for
 * it was lost. Unsettled: deleting while the controller's finalizer is still there, not deleting
 * and without that finalizer (never reconciled), or a custom resource without a status.
 *
 * <p>Why: JOSDK 5.3 keys its per-object state and timers by namespace and name. An execution for an
 * object that was deleted and created again under the same name while it ran finishes on the new
 * object's state: it cancels the new object's pending timer (a cleanup's "check again in 2 s") and
 * may replace it. {@code ./kc chaos} found a ServiceClusterAssignment whose deletion then never
 * finished (docs/reliability.md); AssignmentReleaseIT reproduces it. Settled objects get no event.
 */
public final class UnsettledResync<P extends HasMetadata> extends AbstractEventSource<Void, P> {

  private static final Logger LOG = Logger.getLogger(UnsettledResync.class);

  private final EventSourceContext<P> context;
  private final String finalizer;
  private final Duration period;
  private ScheduledExecutorService timer;

  private UnsettledResync(EventSourceContext<P> context, String finalizer, Duration period) {
    super(Void.class, "unsettled-resync");
    this.context = context;
    this.finalizer = finalizer;
    this.period = period;
  }

  /** The resync of the controller {@code context} is for, with its finalizer. */
  public static <P extends HasMetadata> UnsettledResync<P> every(
      Duration period, EventSourceContext<P> context) {
    return new UnsettledResync<>(
        context, context.getControllerConfiguration().getFinalizerName(), period);
  }

  /** Whether {@code p} still waits for its controller (see the class comment). */
  static boolean unsettled(HasMetadata p, String finalizer) {
    boolean ours = finalizer != null && p.hasFinalizer(finalizer);
    if (p.isMarkedForDeletion()) {
      return ours;
    }
    return (finalizer != null && !ours)
        || (p instanceof CustomResource<?, ?> cr && cr.getStatus() == null);
  }

  /** Sends the events of one period; returns how many. */
  int resync() {
    int sent = 0;
    for (P p : context.getPrimaryCache().list().toList()) {
      if (unsettled(p, finalizer)) {
        getEventHandler().handleEvent(new Event(ResourceID.fromResource(p)));
        sent++;
      }
    }
    return sent;
  }

  @Override
  public Set<Void> getSecondaryResources(P primary) {
    return Set.of();
  }

  @Override
  public synchronized void start() throws OperatorException {
    super.start();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t =
                  new Thread(
                      r, "unsettled-resync-" + context.getPrimaryResourceClass().getSimpleName());
              t.setDaemon(true);
              return t;
            });
    long millis = period.toMillis();
    timer.scheduleWithFixedDelay(this::safely, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void safely() {
    try {
      int sent = resync();
      if (sent > 0) {
        LOG.debugf(
            "%d unsettled %s reconciled again",
            sent, context.getPrimaryResourceClass().getSimpleName());
      }
    } catch (RuntimeException e) {
      LOG.warnf(
          e, "resync of unsettled %s failed", context.getPrimaryResourceClass().getSimpleName());
    }
  }

  @Override
  public synchronized void stop() throws OperatorException {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
    super.stop();
  }
}
