package io.kubecarrier.catalog.catalog;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
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
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.catalog.CatalogStatus;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.provider.Provider;
import io.kubecarrier.api.region.Region;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.tenant.Tenant;
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
import java.util.function.Function;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Catalog → what tenants see: Offerings, Providers, Regions and tenant RBAC in tenant namespaces,
 * ServiceClusterAssignments in the provider namespace. Publishes the union over all Catalogs of the
 * provider namespace and unpublishes whatever none of them publishes any more: Offerings and tenant
 * RBAC are withdrawn (kept for existing instances, collected by the CatalogEntry controller), the
 * rest is deleted.
 */
@ControllerConfiguration(name = "catalog", finalizerName = Finalizers.CATALOG_OPERATOR)
@RBACRule(
    apiGroups = Tenant.GROUP,
    resources = {Tenant.PLURAL, Account.PLURAL},
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
@RBACRule(
    apiGroups = Offering.GROUP,
    resources = {Offering.PLURAL, Provider.PLURAL, Region.PLURAL},
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
    apiGroups = Offering.GROUP,
    resources = {"offerings/status", "providers/status", "regions/status"},
    verbs = {RBACVerbs.GET, RBACVerbs.PATCH, RBACVerbs.UPDATE})
@RBACRule(
    apiGroups = ServiceClusterAssignment.GROUP,
    resources = ServiceClusterAssignment.PLURAL,
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
    apiGroups = "rbac.authorization.k8s.io",
    resources = {"roles", "rolebindings"},
    verbs = {
      RBACVerbs.GET,
      RBACVerbs.LIST,
      RBACVerbs.WATCH,
      RBACVerbs.CREATE,
      RBACVerbs.PATCH,
      RBACVerbs.UPDATE,
      RBACVerbs.DELETE
    })
// leader election (prod): a namespaced Role in src/main/kubernetes/kubernetes.yml (the SDK merges
// @RBACRules of one resource and would drop the resourceNames restriction)
public final class CatalogReconciler implements Reconciler<Catalog>, Cleaner<Catalog> {

  private static final Logger LOG = Logger.getLogger(CatalogReconciler.class);

  @Inject KubernetesClient client;
  @Inject Applier applier;
  @Inject Clock clock;
  @Inject EventRecorder events;
  @Inject MeterRegistry meters;

  private InformerEventSource<Tenant, Catalog> tenants;
  private InformerEventSource<CatalogEntry, Catalog> entries;
  private InformerEventSource<Account, Catalog> accounts;
  private InformerEventSource<ServiceCluster, Catalog> clusters;
  private EventSourceContext<Catalog> context;
  private Publisher publisher;

  @Override
  public List<EventSource<?, Catalog>> prepareEventSources(EventSourceContext<Catalog> context) {
    this.context = context;
    publisher = new Publisher(client, applier, clock, this::cluster, this::entryExists);
    Function<String, Stream<Catalog>> catalogsIn = ns -> context.getPrimaryCache().list(ns);
    tenants =
        informer(Tenant.class, "tenants", null, o -> CatalogMappers.byNamespace(o, catalogsIn));
    entries =
        informer(
            CatalogEntry.class,
            "catalog-entries",
            null,
            o -> CatalogMappers.byNamespace(o, catalogsIn));
    // Region texts come from the ServiceClusters; their heartbeats change nothing here
    clusters =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(ServiceCluster.class, Catalog.class)
                .withName("catalog-serviceclusters")
                .withSecondaryToPrimaryMapper(o -> CatalogMappers.byNamespace(o, catalogsIn))
                .withOnUpdateFilter(new HeartbeatFilter("catalog-serviceclusters", meters))
                .build(),
            context);
    accounts =
        informer(
            Account.class,
            "accounts",
            null,
            o ->
                CatalogMappers.byAccount(
                    o,
                    catalogsIn,
                    name ->
                        tenants
                            .list(t -> t.getMetadata().getName().equals(name))
                            .map(t -> t.getMetadata().getNamespace())));
    publisher.offerings =
        informer(
            Offering.class,
            "offerings",
            Publication.ALL,
            o -> CatalogMappers.byOwner(o, catalogsIn));
    publisher.providers =
        informer(
            Provider.class,
            "providers",
            Publication.ALL,
            o -> CatalogMappers.byOwner(o, catalogsIn));
    publisher.regions =
        informer(
            Region.class, "regions", Publication.ALL, o -> CatalogMappers.byOwner(o, catalogsIn));
    publisher.roles =
        informer(
            Role.class,
            "tenant-roles",
            Publication.ALL,
            o -> CatalogMappers.byOwner(o, catalogsIn));
    publisher.roleBindings =
        informer(
            RoleBinding.class,
            "tenant-rolebindings",
            Publication.ALL,
            o -> CatalogMappers.byOwner(o, catalogsIn));
    publisher.assignments =
        informer(
            ServiceClusterAssignment.class,
            "assignments",
            Publication.ALL,
            o -> CatalogMappers.byNamespace(o, catalogsIn));
    return List.of(
        tenants,
        entries,
        clusters,
        accounts,
        publisher.offerings,
        publisher.providers,
        publisher.regions,
        publisher.roles,
        publisher.roleBindings,
        publisher.assignments);
  }

  private <R extends HasMetadata> InformerEventSource<R, Catalog> informer(
      Class<R> type, String name, String labelSelector, SecondaryToPrimaryMapper<R> mapper) {
    var b =
        InformerEventSourceConfiguration.from(type, Catalog.class)
            .withName(name)
            .withSecondaryToPrimaryMapper(mapper);
    if (labelSelector != null) {
      b.withLabelSelector(labelSelector);
    }
    return new InformerEventSource<>(b.build(), context);
  }

  @Override
  public UpdateControl<Catalog> reconcile(Catalog catalog, Context<Catalog> ctx) {
    String provider = catalog.getMetadata().getNamespace();
    Account account = providerAccount(provider);
    Selection mine = select(catalog);
    Publisher.Result published = publisher.sync(provider, account, union(provider, null));
    CatalogStatus next =
        CatalogStatusFactory.next(catalog, account, mine, published, publisher, clock);
    StatusPatches.applyIfChanged(client, catalog, next, Catalog::new, Ownership.FIELD_MANAGER);
    return UpdateControl.noUpdate();
  }

  @Override
  public DeleteControl cleanup(Catalog catalog, Context<Catalog> ctx) {
    String provider = catalog.getMetadata().getNamespace();
    publisher.sync(provider, providerAccount(provider), union(provider, catalog));
    LOG.infof(
        "catalog %s: unpublished what no other Catalog publishes (withdrawn where instances may"
            + " need it)",
        Metadata.ref(catalog));
    return FinalizerRelease.release(ctx, catalog);
  }

  /** The provider Account of a namespace, when it is one. */
  private Account providerAccount(String provider) {
    return accounts
        .get(new ResourceID(provider))
        .filter(a -> a.getSpec() != null && a.getSpec().hasRole(AccountRole.Provider))
        .orElse(null);
  }

  private Selection select(Catalog catalog) {
    String ns = catalog.getMetadata().getNamespace();
    return Selection.of(
        catalog,
        tenants.list(ns, t -> true),
        entries.list(ns, e -> true),
        name -> accounts.get(new ResourceID(name)).orElse(null));
  }

  /** The selections of every live Catalog of the provider namespace, except {@code leaving}. */
  private List<Selection> union(String provider, Catalog leaving) {
    if (providerAccount(provider) == null) {
      return List.of();
    }
    return context
        .getPrimaryCache()
        .list(provider)
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .filter(
            c ->
                leaving == null
                    || !c.getMetadata().getName().equals(leaving.getMetadata().getName()))
        .map(this::select)
        .toList();
  }

  /** Whether a CatalogEntry of {@code provider} has the {@code catalog-entry} label value. */
  boolean entryExists(String provider, String entryLabel) {
    return entries
        .list(provider, e -> Names.labelValue(e.getMetadata().getName()).equals(entryLabel))
        .findAny()
        .isPresent();
  }

  /** ServiceCluster by name in a provider namespace, for Region texts. */
  ServiceCluster cluster(String provider, String name) {
    return clusters.get(new ResourceID(name, provider)).orElse(null);
  }

  @Override
  public ErrorStatusUpdateControl<Catalog> updateErrorStatus(
      Catalog catalog, Context<Catalog> ctx, Exception e) {
    String message = ApiErrors.describe(e);
    LOG.warnf("catalog %s: %s", Metadata.ref(catalog), message);
    events.warning(catalog, Reasons.RECONCILE_ERROR, message);
    try {
      StatusPatches.applyIfChanged(
          client,
          catalog,
          CatalogStatusFactory.error(catalog, message, clock),
          Catalog::new,
          Ownership.FIELD_MANAGER);
    } catch (RuntimeException ignored) {
      LOG.debugf("catalog %s: error status not written", Metadata.ref(catalog));
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }
}
