package io.kubecarrier.propagation.instance;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.propagation.apply.ServiceObjects;
import io.kubecarrier.propagation.hub.HubCache;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.kinds.Propagator;
import io.kubecarrier.propagation.kinds.Propagators;
import io.kubecarrier.propagation.placement.Offerings;
import io.kubecarrier.propagation.placement.Placements;
import io.kubecarrier.propagation.queue.Outcome;
import io.kubecarrier.propagation.queue.WorkItem;
import io.kubecarrier.propagation.queue.WorkQueue;
import org.jboss.logging.Logger;

/**
 * An object of the service kind without KubeCarrier labels, in the namespace of one of our
 * assignments, becomes a tenant instance of the same name, unless one of that name exists: then the
 * object is foreign to it and left alone (that instance says {@code ForeignObject}).
 */
final class Adoptions {

  private static final Logger LOG = Logger.getLogger(Adoptions.class);

  private final Propagators propagators;
  private final HubCache hub;
  private final Placements placements;
  private final KubernetesClient management;
  private final WorkQueue<WorkItem> queue;

  Adoptions(
      Propagators propagators,
      HubCache hub,
      Placements placements,
      KubernetesClient management,
      WorkQueue<WorkItem> queue) {
    this.propagators = propagators;
    this.hub = hub;
    this.placements = placements;
    this.management = management;
    this.queue = queue;
  }

  Outcome adopt(WorkItem.Adoption a) {
    Propagator p = propagators.get(a.entryKey());
    if (p == null) {
      return Outcome.DONE;
    }
    OfferedKind kind = p.kind();
    String clusterKey = kind.entryNamespace() + "/" + a.cluster();
    GenericKubernetesResource service = p.services().service(clusterKey, a.namespace(), a.name());
    if (service == null
        || !placements.mine(clusterKey)
        || ServiceObjects.isOwned(service)
        || ServiceObjects.isOrphaned(service)
        || service.getMetadata().getDeletionTimestamp() != null) {
      return Outcome.DONE;
    }
    ServiceClusterAssignment sca =
        hub.assignmentByServiceNamespace(kind.entryNamespace(), a.cluster(), a.namespace())
            .orElse(null);
    if (sca == null) {
      return Outcome.DONE; // not a namespace of an assignment: not ours to adopt
    }
    String tenantNs = sca.getSpec().getManagementNamespace().getName();
    if (p.tenant(tenantNs, a.name()) != null) {
      queue.add(new WorkItem.Instance(a.entryKey(), tenantNs, a.name()));
      return Outcome.DONE;
    }
    if (Offerings.withdrawn(hub.offering(tenantNs, kind))) {
      LOG.infof("%s: not adopted: %s is withdrawn from %s", a, kind.kind(), tenantNs);
      return Outcome.DONE;
    }
    GenericKubernetesResource adopted =
        ServiceObjects.adopted(kind, service, tenantNs, a.cluster());
    try {
      management
          .genericKubernetesResources(kind.tenant().context())
          .inNamespace(tenantNs)
          .resource(adopted)
          .create();
      LOG.infof("%s: adopted as %s/%s", a, tenantNs, a.name());
    } catch (KubernetesClientException e) {
      if (!ApiErrors.isConflict(e)) {
        throw e;
      }
    }
    return Outcome.DONE;
  }
}
