package io.kubecarrier.catalog.entryset;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentryset.CatalogEntrySet;
import io.kubecarrier.api.catalogentryset.CatalogEntrySetStatus;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.LabelSelector;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.catalog.CatalogOperatorConfig;
import io.kubecarrier.catalog.support.Applier;
import io.kubecarrier.catalog.support.HeartbeatFilter;
import io.kubecarrier.catalog.support.Ownership;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.operator.ownership.FinalizerRelease;
import io.kubecarrier.operator.ownership.Metadata;
import io.kubecarrier.operator.status.StatusPatches;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * CatalogEntrySet → one CustomResourceDiscovery per selected ServiceCluster, and the CatalogEntry
 * made from the set. Deletion deletes both at once and waits for the entry, whose own deletion
 * waits while instances of its tenant CRD exist.
 */
@ControllerConfiguration(name = "catalogentryset", finalizerName = Finalizers.CATALOG_OPERATOR)
@RBACRule(
    apiGroups = ServiceCluster.GROUP,
    resources = ServiceCluster.PLURAL,
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@RBACRule(
    apiGroups = CustomResourceDiscovery.GROUP,
    resources = CustomResourceDiscovery.PLURAL,
    verbs = {
      RBACVerbs.GET,
      RBACVerbs.LIST,
      RBACVerbs.WATCH,
      RBACVerbs.CREATE,
      RBACVerbs.PATCH,
      RBACVerbs.UPDATE,
      RBACVerbs.DELETE
    })
@RBACRule(
    apiGroups = "",
    resources = "events",
    verbs = {RBACVerbs.CREATE, RBACVerbs.PATCH})
public final class CatalogEntrySetReconciler
    implements Reconciler<CatalogEntrySet>, Cleaner<CatalogEntrySet> {

  private static final Logger LOG = Logger.getLogger(CatalogEntrySetReconciler.class);

  @Inject KubernetesClient client;
  @Inject Applier applier;
  @Inject Clock clock;
  @Inject EventRecorder events;
  @Inject CatalogOperatorConfig config;
  @Inject MeterRegistry meters;

  private InformerEventSource<ServiceCluster, CatalogEntrySet> clusters;
  private InformerEventSource<CustomResourceDiscovery, CatalogEntrySet> discoveries;
  private InformerEventSource<CatalogEntry, CatalogEntrySet> entries;

  @Override
  public List<EventSource<?, CatalogEntrySet>> prepareEventSources(
      EventSourceContext<CatalogEntrySet> context) {
    clusters =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ServiceCluster.class, CatalogEntrySet.class)
                .withName("serviceclusters")
                // the selectors read labels and deletion; heartbeats change neither
                .withOnUpdateFilter(new HeartbeatFilter("serviceclusters", meters))
                .withSecondaryToPrimaryMapper(
                    sc ->
                        context
                            .getPrimaryCache()
                            .list(sc.getMetadata().getNamespace())
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context);
    discoveries =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(
                    CustomResourceDiscovery.class, CatalogEntrySet.class)
                .withName("discoveries")
                .withLabelSelector(Ownership.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(EntrySetMappers::fromOwner)
                .build(),
            context);
    entries =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(CatalogEntry.class, CatalogEntrySet.class)
                .withName("entries")
                .withSecondaryToPrimaryMapper(EntrySetMappers::fromOwner)
                .build(),
            context);
    return List.of(clusters, discoveries, entries);
  }

  @Override
  public UpdateControl<CatalogEntrySet> reconcile(
      CatalogEntrySet set, Context<CatalogEntrySet> context) {
    List<String> selected = selectedClusters(set);
    Map<String, CustomResourceDiscovery> found = syncDiscoveries(set, selected);
    CatalogEntry entry = syncEntry(set);
    CatalogEntrySetStatus next = EntrySetStatus.next(set, selected, found, entry, clock);
    StatusPatches.applyIfChanged(client, set, next, CatalogEntrySet::new, Ownership.FIELD_MANAGER);
    return UpdateControl.noUpdate();
  }

  /** Names of the ServiceClusters in the set's namespace that its selector selects, sorted. */
  private List<String> selectedClusters(CatalogEntrySet set) {
    LabelSelector selector = set.getSpec().getDiscover().getServiceClusterSelector();
    return clusters
        .list(
            set.getMetadata().getNamespace(),
            sc ->
                sc.getMetadata().getDeletionTimestamp() == null
                    && LabelSelector.selects(selector, sc.getMetadata().getLabels()))
        .map(sc -> sc.getMetadata().getName())
        .sorted()
        .toList();
  }

  /** Applies the wanted discoveries, deletes the others of this set; returns the current ones. */
  private Map<String, CustomResourceDiscovery> syncDiscoveries(
      CatalogEntrySet set, List<String> selected) {
    Map<String, CustomResourceDiscovery> existing =
        owned(set).collect(Collectors.toMap(Discoveries::serviceCluster, Function.identity()));
    for (String cluster : selected) {
      CustomResourceDiscovery want = Discoveries.desired(set, cluster);
      Applier.Result<CustomResourceDiscovery> r = applier.apply(want, existing.get(cluster));
      if (r.changed()) {
        LOG.infof(
            "catalogentryset %s: applied CustomResourceDiscovery %s",
            Metadata.ref(set), Metadata.ref(want));
      }
      existing.put(cluster, r.object());
    }
    existing
        .keySet()
        .removeIf(
            cluster -> {
              if (selected.contains(cluster)) {
                return false;
              }
              CustomResourceDiscovery gone = existing.get(cluster);
              client.resource(gone).delete();
              LOG.infof(
                  "catalogentryset %s: deleted CustomResourceDiscovery %s (cluster %s no longer selected)",
                  Metadata.ref(set), Metadata.ref(gone), cluster);
              return true;
            });
    return existing;
  }

  private java.util.stream.Stream<CustomResourceDiscovery> owned(CatalogEntrySet set) {
    return discoveries.list(
        set.getMetadata().getNamespace(),
        d -> Ownership.isOwnedBy(d, set) && Discoveries.serviceCluster(d) != null);
  }

  /** Applies the CatalogEntry of the set when it differs; returns the current entry. */
  private CatalogEntry syncEntry(CatalogEntrySet set) {
    CatalogEntry want = Entries.desired(set);
    CatalogEntry have = entries.get(ResourceID.fromResource(want)).orElse(null);
    if (have != null && !Ownership.isOwnedBy(have, set)) {
      throw new EntryConflictException(
          "a CatalogEntry named "
              + Metadata.ref(want)
              + " exists and was not made from this set; delete it or rename the set");
    }
    Applier.Result<CatalogEntry> r = applier.apply(want, have);
    if (r.changed()) {
      LOG.infof("catalogentryset %s: applied CatalogEntry", Metadata.ref(set));
    }
    return r.object();
  }

  /**
   * Deletes the entry and the discoveries at once, then waits until the entry is gone. The entry's
   * own deletion waits for the instances of its tenant CRD; being deleted it is no longer
   * published, so they keep syncing and new ones are refused meanwhile. The set's {@code Ready}
   * shows what the entry waits for.
   */
  @Override
  public DeleteControl cleanup(CatalogEntrySet set, Context<CatalogEntrySet> context) {
    CatalogEntry entry =
        entries
            .get(new ResourceID(set.getMetadata().getName(), set.getMetadata().getNamespace()))
            .filter(e -> Ownership.isOwnedBy(e, set))
            .orElse(null);
    if (entry != null && entry.getMetadata().getDeletionTimestamp() == null) {
      client.resource(entry).delete();
      LOG.infof("catalogentryset %s: deleting CatalogEntry", Metadata.ref(set));
    }
    owned(set)
        .filter(d -> d.getMetadata().getDeletionTimestamp() == null)
        .forEach(d -> client.resource(d).delete());
    if (entry != null) {
      Condition waits = EntrySetStatus.waitingForEntry(entry);
      writeDeleting(set, waits.getReason(), waits.getMessage());
      return DeleteControl.noFinalizerRemoval()
          .rescheduleAfter(config.catalogOperator().recheckInterval().toMillis());
    }
    LOG.infof("catalogentryset %s: cleaned up", Metadata.ref(set));
    return FinalizerRelease.release(context, set);
  }

  private void writeDeleting(CatalogEntrySet set, String reason, String message) {
    CatalogEntrySetStatus next = EntrySetStatus.copy(set.getStatus());
    next.setCondition(
        Condition.ofFalse(ConditionTypes.READY, reason, message)
            .withObservedGeneration(set.getMetadata().getGeneration()),
        clock);
    try {
      StatusPatches.applyIfChanged(
          client, set, next, CatalogEntrySet::new, Ownership.FIELD_MANAGER);
    } catch (RuntimeException e) {
      LOG.debugf("catalogentryset %s: status not written: %s", Metadata.ref(set), e.getMessage());
    }
  }

  @Override
  public ErrorStatusUpdateControl<CatalogEntrySet> updateErrorStatus(
      CatalogEntrySet set, Context<CatalogEntrySet> context, Exception e) {
    String reason =
        e instanceof EntryConflictException ? Reasons.COLLISION : Reasons.RECONCILE_ERROR;
    String message = e instanceof EntryConflictException ? e.getMessage() : ApiErrors.describe(e);
    LOG.warnf("catalogentryset %s: %s: %s", Metadata.ref(set), reason, message);
    events.warning(set, reason, message);
    CatalogEntrySetStatus next = EntrySetStatus.copy(set.getStatus());
    next.setCondition(
        Condition.ofFalse(ConditionTypes.READY, reason, message)
            .withObservedGeneration(set.getMetadata().getGeneration()),
        clock);
    try {
      StatusPatches.applyIfChanged(
          client, set, next, CatalogEntrySet::new, Ownership.FIELD_MANAGER);
    } catch (RuntimeException ignored) {
      LOG.debugf("catalogentryset %s: error status not written", Metadata.ref(set));
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** A CatalogEntry of the set's name exists that the set did not make. */
  static final class EntryConflictException extends RuntimeException {
    EntryConflictException(String message) {
      super(message);
    }
  }
}
