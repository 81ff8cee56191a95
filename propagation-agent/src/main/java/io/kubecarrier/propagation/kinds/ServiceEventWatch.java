package io.kubecarrier.propagation.kinds;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubecarrier.propagation.apply.ServiceObjects;
import io.kubecarrier.propagation.connections.Connection;
import io.kubecarrier.propagation.events.MirroredEvents;
import io.kubecarrier.propagation.queue.WorkItem;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * The service operator's Events about the objects of one offered kind in one service-side namespace
 * of one cluster, or in all its namespaces when the kind is watched cluster-wide ({@link
 * WatchScope}): a core/v1 Event informer with the field selector {@code
 * involvedObject.kind=<service kind>} (nothing of other kinds); the group is checked on each Event.
 * An Event about an object that is this agent's copy of a tenant instance (owner labels) goes to
 * {@link Propagator.Sink#serviceEvent}; Events of other objects are ignored.
 *
 * <p>Events that existed when the watch started are not mirrored (the agent may have mirrored them
 * before a restart): only Events whose resourceVersion is above that of a list made first, and
 * repeats (count raised) of any Event after that.
 */
final class ServiceEventWatch {

  private static final Logger LOG = Logger.getLogger(ServiceEventWatch.class);

  private final OfferedKind kind;
  private final Connection connection;

  /** The namespace watched, or null for all. */
  private final String namespace;

  /** The service object of this kind, by namespace and name, if the agent acts on it (or null). */
  private final BiFunction<String, String, GenericKubernetesResource> serviceObject;

  private final Propagator.Sink sink;
  private final SharedIndexInformer<Event> informer;

  /** Events at or below this resourceVersion existed before the watch; -1 while unknown. */
  private volatile long baseline = -1;

  private boolean stopped;

  private static final Executor STARTER =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "service-events-start");
            t.setDaemon(true);
            return t;
          });

  ServiceEventWatch(
      OfferedKind kind,
      Connection connection,
      String namespace,
      BiFunction<String, String, GenericKubernetesResource> serviceObject,
      Propagator.Sink sink) {
    this.kind = kind;
    this.connection = connection;
    this.namespace = namespace;
    this.serviceObject = serviceObject;
    this.sink = sink;
    this.informer = Informers.of(events().withField("involvedObject.kind", kind.service().kind()));
    informer.addEventHandler(new Handler());
  }

  /**
   * Takes the baseline, then starts the informer, in the background (a cluster that does not answer
   * must not hold up the caller). Without a baseline (no answer), the first Event seen takes it.
   */
  ServiceEventWatch start() {
    STARTER.execute(
        () -> {
          baseline();
          synchronized (this) {
            if (!stopped) {
              informer.start();
            }
          }
        });
    return this;
  }

  synchronized void stop() {
    stopped = true;
    informer.stop();
  }

  /** The resourceVersion of the namespace's events now (a list of at most one), or -1. */
  private long baseline() {
    if (baseline < 0) {
      try {
        baseline =
            version(
                events()
                    .withField("involvedObject.kind", kind.service().kind())
                    .list(new ListOptionsBuilder().withLimit(1L).build())
                    .getMetadata()
                    .getResourceVersion());
      } catch (RuntimeException e) {
        LOG.debugf(
            "events of %s in %s of %s: no baseline yet: %s",
            kind.service(), namespace, connection.key(), e.getMessage());
      }
    }
    return baseline;
  }

  private io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable<
          Event,
          io.fabric8.kubernetes.api.model.EventList,
          io.fabric8.kubernetes.client.dsl.Resource<Event>>
      events() {
    var events = connection.client().v1().events();
    return namespace == null ? events.inAnyNamespace() : events.inNamespace(namespace);
  }

  private void seen(Event e) {
    String ns = e.getMetadata().getNamespace();
    ObjectReference about =
        MirroredEvents.about(e, kind.service().group(), kind.service().kind(), ns).orElse(null);
    if (about == null) {
      return;
    }
    GenericKubernetesResource o = serviceObject.apply(ns, about.getName());
    if (o == null
        || (about.getUid() != null
            && !about.getUid().isEmpty()
            && !about.getUid().equals(o.getMetadata().getUid()))) {
      return; // unknown to the agent, or about an earlier object of that name
    }
    WorkItem.Instance owner = ServiceObjects.owner(kind, o).orElse(null);
    if (owner != null) {
      sink.serviceEvent(owner, o, connection.cluster(), e);
    }
  }

  private static long version(String resourceVersion) {
    try {
      return Long.parseLong(resourceVersion);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private final class Handler implements ResourceEventHandler<Event> {
    @Override
    public void onAdd(Event e) {
      long b = baseline();
      if (b >= 0 && version(e.getMetadata().getResourceVersion()) > b) {
        seen(e);
      }
    }

    @Override
    public void onUpdate(Event before, Event after) {
      if (!Objects.equals(
              before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())
          && MirroredEvents.repeated(before, after)) {
        seen(after);
      }
    }

    @Override
    public void onDelete(Event e, boolean unknown) {}
  }
}
