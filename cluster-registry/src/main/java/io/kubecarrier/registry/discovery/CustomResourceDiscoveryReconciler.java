package io.kubecarrier.registry.discovery;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscoveryStatus;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.events.ConditionEvents;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.operator.status.StatusPatches;
import io.kubecarrier.registry.RegistryConfig;
import io.kubecarrier.registry.connect.ServiceClusterGate;
import io.kubecarrier.registry.connect.ServiceClusterGate.Passage;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Reads {@code spec.crd.name} from the service cluster {@code spec.serviceCluster.name} and records
 * group, kind, names, scope, versions with schemas and storage version in {@code status.crd}.
 *
 * <p>Changes of the CRD in the service cluster are found by a periodic check (every {@code
 * kubecarrier.registry.discovery-interval}); the status is patched only when what was read differs.
 * A missing CRD is retried at the same rhythm.
 */
@ControllerConfiguration(name = CustomResourceDiscoveryReconciler.NAME)
@RBACRule(
    apiGroups = ServiceCluster.GROUP,
    resources = ServiceCluster.PLURAL,
    verbs = {"get", "list", "watch"})
// events: create, and patch to count a repeated event on the one written before (EventRecorder)
@RBACRule(
    apiGroups = "",
    resources = "events",
    verbs = {"create", "patch"})
public final class CustomResourceDiscoveryReconciler
    implements Reconciler<CustomResourceDiscovery> {

  public static final String NAME = "customresourcediscovery";

  private final ServiceClusterGate gate;
  private final EventRecorder events;
  private final RegistryConfig config;
  private final Clock clock;

  @Inject
  public CustomResourceDiscoveryReconciler(
      ServiceClusterGate gate, EventRecorder events, RegistryConfig config, Clock clock) {
    this.gate = gate;
    this.events = events;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, CustomResourceDiscovery>> prepareEventSources(
      EventSourceContext<CustomResourceDiscovery> context) {
    return List.of(
        ServiceClusterGate.eventSource(
            context,
            CustomResourceDiscovery.class,
            d -> d.getSpec() == null ? null : d.getSpec().getServiceCluster().getName()));
  }

  @Override
  public UpdateControl<CustomResourceDiscovery> reconcile(
      CustomResourceDiscovery discovery, Context<CustomResourceDiscovery> context) {
    CustomResourceDiscoveryStatus next;
    Duration retry = config.discoveryInterval();
    String retryHint = "checked again every " + retry.toSeconds() + "s.";
    Passage passage =
        gate.enter(context, discovery, discovery.getSpec().getServiceCluster().getName());
    if (passage instanceof Passage.Open open) {
      next = discover(discovery, open, retryHint);
    } else {
      Passage.Closed closed = (Passage.Closed) passage;
      next = DiscoveryStatus.blocked(discovery, closed.reason(), closed.message(), clock.instant());
      retry = config.heartbeatInterval();
    }
    ConditionEvents.report(events, discovery, discovery.getStatus(), next);
    UpdateControl<CustomResourceDiscovery> control =
        next.equals(discovery.getStatus())
            ? UpdateControl.noUpdate()
            : UpdateControl.patchStatus(
                StatusPatches.minimal(discovery, next, CustomResourceDiscovery::new));
    return control.rescheduleAfter(retry);
  }

  /** Reads the CRD through the open passage and maps what was found to a status. */
  private CustomResourceDiscoveryStatus discover(
      CustomResourceDiscovery discovery, Passage.Open open, String retryHint) {
    String crdName = discovery.getSpec().getCrd().getName();
    CustomResourceDefinition crd;
    try {
      crd =
          open.connection()
              .client()
              .apiextensions()
              .v1()
              .customResourceDefinitions()
              .withName(crdName)
              .get();
    } catch (RuntimeException e) {
      ConnectionException failure = ServiceClusterGate.failure(e, open.connection());
      return DiscoveryStatus.blocked(
          discovery,
          failure.reason(),
          "Reading CRD " + crdName + " failed: " + failure.getMessage(),
          clock.instant());
    }
    if (crd == null) {
      return DiscoveryStatus.missing(discovery, Reasons.CRD_NOT_FOUND, retryHint, clock.instant());
    }
    if (!DiscoveredCrds.established(crd)) {
      return DiscoveryStatus.missing(
          discovery, Reasons.CRD_NOT_ESTABLISHED, retryHint, clock.instant());
    }
    return DiscoveryStatus.discovered(discovery, DiscoveredCrds.from(crd), clock.instant());
  }
}
