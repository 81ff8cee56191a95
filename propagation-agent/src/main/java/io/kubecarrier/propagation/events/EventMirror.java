package io.kubecarrier.propagation.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.propagation.apply.ServiceObjects;
import io.kubecarrier.propagation.kinds.Propagator;
import io.kubecarrier.propagation.kinds.Propagators;
import io.kubecarrier.propagation.queue.WorkItem;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Mirrors the service operator's Events about a service object onto its tenant instance, through
 * the agent's {@link EventRecorder} (a repeat raises the count of the Event already there), at most
 * {@link EventRateLimit} new distinct ones per instance and minute. Only objects that are this
 * instance's copy (owner labels, owner uid) count; never throws.
 */
public final class EventMirror {

  private static final Logger LOG = Logger.getLogger(EventMirror.class);

  private final Propagators propagators;
  private final EventRecorder events;
  private final EventRateLimit limit;

  public EventMirror(Propagators propagators, EventRecorder events, EventRateLimit limit) {
    this.propagators = propagators;
    this.events = events;
    this.limit = limit;
  }

  /**
   * Mirrors {@code e}, an Event about {@code service} in the service cluster {@code cluster}, onto
   * the tenant instance {@code owner} when {@code service} is that instance's copy.
   */
  public void mirror(
      WorkItem.Instance owner, GenericKubernetesResource service, String cluster, Event e) {
    Propagator p = propagators.get(owner.entryKey());
    GenericKubernetesResource tenant = p == null ? null : p.tenant(owner.namespace(), owner.name());
    if (tenant == null
        || ServiceObjects.ownership(p.kind(), tenant, service.getMetadata().getLabels())
            != ServiceObjects.Ownership.MINE) {
      return;
    }
    MirroredEvents.Mirrored m = MirroredEvents.of(e, cluster);
    String instance = Objects.requireNonNullElse(tenant.getMetadata().getUid(), owner.toString());
    if (!limit.allow(instance, m.key())) {
      LOG.debugf(
          "%s (%s): event %s dropped, more than the new events allowed per minute",
          owner, cluster, m.reason());
      return;
    }
    events.record(tenant, m.type(), m.reason(), m.message());
  }
}
