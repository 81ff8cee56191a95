package io.kubecarrier.catalog.entry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
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
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentry.CatalogEntryStatus;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.catalog.CatalogOperatorConfig;
import io.kubecarrier.catalog.InstanceCounter;
import io.kubecarrier.catalog.TenantCrdAccess;
import io.kubecarrier.catalog.catalog.Withdrawal;
import io.kubecarrier.catalog.entryset.EntrySetMappers;
import io.kubecarrier.catalog.support.Applier;
import io.kubecarrier.catalog.support.Ownership;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.operator.events.ConditionEvents;
import io.kubecarrier.operator.events.EventRecorder;
import io.kubecarrier.operator.ownership.FinalizerRelease;
import io.kubecarrier.operator.ownership.Metadata;
import io.kubecarrier.operator.status.StatusPatches;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * CatalogEntry → the tenant-facing CRD (one per provider and kind), its admission policy, and the
 * operator's access to its instances. Status carries what the propagation agent needs. Collects the
 * Offerings, Roles and RoleBindings the Catalogs withdrew for the entry once their namespace holds
 * no instance, and reports what it keeps ({@code Withdrawn}).
 */
@ControllerConfiguration(name = "catalogentry", finalizerName = Finalizers.CATALOG_OPERATOR)
@RBACRule(
    apiGroups = "apiextensions.k8s.io",
    resources = "customresourcedefinitions",
    verbs = {
      RBACVerbs.GET,
      RBACVerbs.LIST,
      RBACVerbs.WATCH,
      RBACVerbs.CREATE,
      RBACVerbs.PATCH,
      RBACVerbs.UPDATE,
      RBACVerbs.DELETE
    })
// admission policies: read and create only; update, patch and delete by name, through the rule
// TenantCrdAccess keeps in its own ClusterRole (admission never applies to admission policies, so
// only RBAC can keep the operator off the policies of others)
@RBACRule(
    apiGroups = "admissionregistration.k8s.io",
    resources = {"validatingadmissionpolicies", "validatingadmissionpolicybindings"},
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.CREATE})
@RBACRule(
    apiGroups = "rbac.authorization.k8s.io",
    resources = "clusterroles",
    resourceNames = {
      TenantCrdAccess.CLUSTER_ROLE,
      TenantCrdAccess.INSTANCES_ROLE,
      TenantCrdAccess.READ_ROLE
    },
    verbs = {RBACVerbs.GET, RBACVerbs.UPDATE, "escalate"})
// withdrawn publications of the entry: watched, deleted once no instance needs them
@RBACRule(
    apiGroups = Offering.GROUP,
    resources = Offering.PLURAL,
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.DELETE})
@RBACRule(
    apiGroups = "rbac.authorization.k8s.io",
    resources = {"roles", "rolebindings"},
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH, RBACVerbs.DELETE})
public final class CatalogEntryReconciler
    implements Reconciler<CatalogEntry>, Cleaner<CatalogEntry> {

  private static final Logger LOG = Logger.getLogger(CatalogEntryReconciler.class);

  @Inject KubernetesClient client;
  @Inject Applier applier;
  @Inject Clock clock;
  @Inject EventRecorder events;
  @Inject InstanceCounter instances;
  @Inject TenantCrdAccess access;
  @Inject CatalogOperatorConfig config;
  @Inject MeterRegistry meters;

  private InformerEventSource<CustomResourceDiscovery, CatalogEntry> discoveries;
  private InformerEventSource<CustomResourceDefinition, CatalogEntry> crds;
  private InformerEventSource<ValidatingAdmissionPolicy, CatalogEntry> policies;
  private InformerEventSource<ValidatingAdmissionPolicyBinding, CatalogEntry> bindings;
  private WithdrawnObjects withdrawn;

  @Override
  public List<EventSource<?, CatalogEntry>> prepareEventSources(
      EventSourceContext<CatalogEntry> context) {
    discoveries =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(CustomResourceDiscovery.class, CatalogEntry.class)
                .withName("entry-discoveries")
                .withLabelSelector(Ownership.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(EntrySetMappers::fromOwner)
                .build(),
            context);
    // every CRD, not only ours: collisions with foreign CRDs are checked against this cache
    crds =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(
                    CustomResourceDefinition.class, CatalogEntry.class)
                .withName("crds")
                .withSecondaryToPrimaryMapper(EntryMappers::fromSource)
                .build(),
            context);
    policies =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(
                    ValidatingAdmissionPolicy.class, CatalogEntry.class)
                .withName("admission-policies")
                .withLabelSelector(Ownership.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(EntryMappers::fromSource)
                .build(),
            context);
    bindings =
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(
                    ValidatingAdmissionPolicyBinding.class, CatalogEntry.class)
                .withName("admission-policy-bindings")
                .withLabelSelector(Ownership.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(EntryMappers::fromSource)
                .build(),
            context);
    withdrawn = new WithdrawnObjects(client, instances);
    withdrawn.offerings = withdrawnInformer(Offering.class, "withdrawn-offerings", context);
    withdrawn.roles = withdrawnInformer(Role.class, "withdrawn-roles", context);
    withdrawn.roleBindings =
        withdrawnInformer(RoleBinding.class, "withdrawn-rolebindings", context);
    Gauge.builder("kubecarrier.catalog.tenant.crds", () -> tenantCrds().count())
        .description("Tenant-facing CRDs made by the catalog operator")
        .register(meters);
    return List.of(
        discoveries,
        crds,
        policies,
        bindings,
        withdrawn.offerings,
        withdrawn.roles,
        withdrawn.roleBindings);
  }

  /** Published objects of {@code type} that the Catalogs withdrew, mapped to their entry. */
  private static <R extends HasMetadata> InformerEventSource<R, CatalogEntry> withdrawnInformer(
      Class<R> type, String name, EventSourceContext<CatalogEntry> context) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, CatalogEntry.class)
            .withName(name)
            .withLabelSelector(Withdrawal.SELECTOR)
            .withSecondaryToPrimaryMapper(EntryMappers::fromPublished)
            .build(),
        context);
  }

  @Override
  public UpdateControl<CatalogEntry> reconcile(CatalogEntry entry, Context<CatalogEntry> context) {
    RegionSelection regions = selectRegions(entry);
    Withdrawals kept = withdrawals(entry, offered(entry, regions));
    if (regions.reference() == null && !regions.mismatched().isEmpty()) {
      return notReady(
          entry,
          Reasons.CRD_MISMATCH,
          "no discovered region can be offered: see the condition CRDsCompatible",
          regions,
          kept);
    }
    if (regions.reference() == null) {
      return notReady(
          entry,
          Reasons.DISCOVERY_PENDING,
          "no service cluster has reported CRD yet; see the CatalogEntrySet's DiscoveriesReady"
              + " condition",
          regions,
          kept);
    }
    TenantCrdBuilder.TenantCrd t;
    try {
      t = TenantCrdBuilder.build(entry, regions.reference(), config.hubDomain());
      Collisions.find(entry, t.crd(), crds.list(c -> true))
          .ifPresent(
              m -> {
                throw new InvalidEntryException(Reasons.COLLISION, m);
              });
    } catch (InvalidEntryException e) {
      return notReady(entry, e.reason(), e.getMessage(), regions, kept);
    }
    grantAccess(t.crd().getMetadata().getName(), t.crd());
    CustomResourceDefinition actual = applyCrd(entry, t.crd());
    applyPolicy(entry, t.tenant(), regions);
    CatalogEntryStatus next = EntryStatus.applied(entry, t, regions, actual, clock);
    EntryStatus.setWithdrawn(next, kept, entry.getMetadata().getGeneration(), clock);
    writeStatus(entry, next);
    return recheckWhile(kept.any());
  }

  /** The regions and common service CRD, from the discoveries and the tenant CRD as it is. */
  private RegionSelection selectRegions(CatalogEntry entry) {
    CrdInformation recorded = entry.getStatus() == null ? null : entry.getStatus().getTenantCrd();
    return RegionSelection.of(
        discoveriesOf(entry),
        v -> TenantCrdBuilder.exposedPaths(entry, v),
        CommonCrd.Current.of(ownedTenantCrd(entry, recorded).orElse(null)),
        EntryStatus.regions(entry.getStatus()));
  }

  /** The tenant CRD recorded in status, from the cache, when it is this entry's. */
  private Optional<CustomResourceDefinition> ownedTenantCrd(
      CatalogEntry entry, CrdInformation recorded) {
    return recorded == null || recorded.getName() == null
        ? Optional.empty()
        : crds.get(new ResourceID(recorded.getName())).filter(c -> Ownership.isOwnedBy(c, entry));
  }

  /** The regions offered now: the selected ones, or those in status while none is discovered. */
  private static List<String> offered(CatalogEntry entry, RegionSelection regions) {
    return regions.reference() == null ? EntryStatus.regions(entry.getStatus()) : regions.regions();
  }

  /**
   * Deletes the entry's withdrawn objects that no instance needs any more; returns what is kept:
   * namespaces with withdrawn objects, and instances in regions no longer in {@code regions}.
   */
  private Withdrawals withdrawals(CatalogEntry entry, List<String> regions) {
    CrdInformation crd = entry.getStatus() == null ? null : entry.getStatus().getTenantCrd();
    List<String> namespaces = withdrawn.collect(entry, crd);
    return new Withdrawals(namespaces, instances.outsideRegions(crd, regions));
  }

  /**
   * Looks again after {@code recheck-interval} while {@code waiting}: instances are not watched.
   */
  private UpdateControl<CatalogEntry> recheckWhile(boolean waiting) {
    return waiting
        ? UpdateControl.<CatalogEntry>noUpdate()
            .rescheduleAfter(config.catalogOperator().recheckInterval())
        : UpdateControl.noUpdate();
  }

  private List<CustomResourceDiscovery> discoveriesOf(CatalogEntry entry) {
    String set = entry.getSpec().getCatalogEntrySet().getName();
    return discoveries
        .list(
            entry.getMetadata().getNamespace(),
            d ->
                !EntrySetMappers.fromOwner(d).isEmpty()
                    && EntrySetMappers.fromOwner(d).iterator().next().getName().equals(set))
        .toList();
  }

  private Stream<CustomResourceDefinition> tenantCrds() {
    return crds == null
        ? Stream.empty()
        : crds.list(
            c ->
                Metadata.isManagedBy(c, Ownership.MANAGER)
                    && CatalogEntry.KIND.equals(
                        c.getMetadata().getLabels().get(Labels.OWNER_KIND)));
  }

  /**
   * Keeps the ClusterRoles of the tenant CRDs (the operator's own, the agent's and the account
   * operator's, see {@link TenantCrdAccess}) in line with the tenant CRDs (plus or minus one).
   */
  private void grantAccess(String name, CustomResourceDefinition adding) {
    access.grant(tenantCrds().toList(), adding, adding == null ? name : null);
  }

  private CustomResourceDefinition applyCrd(CatalogEntry entry, CustomResourceDefinition want) {
    String name = want.getMetadata().getName();
    CustomResourceDefinition have = crds.get(new ResourceID(name)).orElse(null);
    if (have == null) {
      // create, never apply: an apply could take over a CRD that our cache has not seen yet
      CustomResourceDefinition created = applier.create(want);
      LOG.infof("catalogentry %s: created tenant CRD %s", Metadata.ref(entry), name);
      events.normal(entry, "TenantCRDCreated", "created tenant CRD " + name);
      return created;
    }
    Applier.Result<CustomResourceDefinition> r = applier.apply(want, have);
    if (r.changed()) {
      LOG.infof("catalogentry %s: applied tenant CRD %s", Metadata.ref(entry), name);
    }
    return r.object();
  }

  private void applyPolicy(CatalogEntry entry, CrdInformation tenant, RegionSelection regions) {
    ValidatingAdmissionPolicy p =
        AdmissionPolicies.policy(entry, tenant, regions.regions(), regions.partial());
    if (applier.apply(p, policies.get(ResourceID.fromResource(p)).orElse(null)).changed()) {
      LOG.infof(
          "catalogentry %s: applied admission policy %s (regions %s)",
          Metadata.ref(entry), p.getMetadata().getName(), regions.regions());
    }
    ValidatingAdmissionPolicyBinding b = AdmissionPolicies.binding(entry, tenant);
    if (applier.apply(b, bindings.get(ResourceID.fromResource(b)).orElse(null)).changed()) {
      LOG.infof(
          "catalogentry %s: applied admission policy binding %s",
          Metadata.ref(entry), b.getMetadata().getName());
    }
  }

  private UpdateControl<CatalogEntry> notReady(
      CatalogEntry entry,
      String reason,
      String message,
      RegionSelection regions,
      Withdrawals kept) {
    CatalogEntryStatus next = EntryStatus.notReady(entry, reason, message, regions, clock);
    EntryStatus.setWithdrawn(next, kept, entry.getMetadata().getGeneration(), clock);
    writeStatus(entry, next);
    // a collision may go away with objects this controller does not watch
    return recheckWhile(Reasons.COLLISION.equals(reason) || kept.any());
  }

  @Override
  public DeleteControl cleanup(CatalogEntry entry, Context<CatalogEntry> context) {
    CrdInformation tenant = entry.getStatus() == null ? null : entry.getStatus().getTenantCrd();
    Optional<CustomResourceDefinition> crd = ownedTenantCrd(entry, tenant);
    if (crd.isPresent()) {
      List<String> left = instances.sample(tenant);
      if (!left.isEmpty()) {
        return waitForInstances(entry, tenant, left);
      }
    }
    withdrawn.deleteAll(entry);
    crd.ifPresent(c -> deleteCrd(entry, c));
    if (tenant != null) {
      grantAccess(tenant.getName(), null);
    }
    return FinalizerRelease.release(context, entry);
  }

  /** Deletes the tenant CRD of {@code entry}, its admission policy and binding. */
  private void deleteCrd(CatalogEntry entry, CustomResourceDefinition crd) {
    String name = AdmissionPolicies.name(crd.getMetadata().getName());
    bindings
        .get(new ResourceID(name))
        .filter(b -> Ownership.isOwnedBy(b, entry))
        .ifPresent(b -> client.resource(b).delete());
    policies
        .get(new ResourceID(name))
        .filter(p -> Ownership.isOwnedBy(p, entry))
        .ifPresent(p -> client.resource(p).delete());
    client.resource(crd).delete();
    LOG.infof(
        "catalogentry %s: deleted tenant CRD %s and its admission policy",
        Metadata.ref(entry), crd.getMetadata().getName());
  }

  /**
   * The entry's deletion waits for the instances of its tenant CRD; being deleted it is no longer
   * published, so they keep syncing and new ones are refused. Namespaces without instances lose
   * their withdrawn objects meanwhile.
   */
  private DeleteControl waitForInstances(
      CatalogEntry entry, CrdInformation tenant, List<String> left) {
    String message =
        "deletion waits for the instances of "
            + tenant.getName()
            + " ("
            + String.join(", ", left)
            + (left.size() >= InstanceCounter.SAMPLE ? ", ..." : "")
            + "): no longer published, they keep syncing and new ones are refused; delete them"
            + " to finish";
    CatalogEntryStatus next =
        EntryStatus.notReady(entry, Reasons.DEPENDENTS_EXIST, message, null, clock);
    EntryStatus.setWithdrawn(
        next,
        withdrawals(entry, EntryStatus.regions(entry.getStatus())),
        entry.getMetadata().getGeneration(),
        clock);
    writeStatus(entry, next);
    return DeleteControl.noFinalizerRemoval()
        .rescheduleAfter(config.catalogOperator().recheckInterval().toMillis());
  }

  /**
   * Writes {@code next} when it differs, with the events its transitions deserve ({@link
   * ConditionEvents} over {@link EntryStatus#problems}): a Warning when the entry stops being
   * usable or a condition turns False for a problem, a Normal event when it turns Ready.
   */
  private void writeStatus(CatalogEntry entry, CatalogEntryStatus next) {
    CatalogEntryStatus before = entry.getStatus();
    if (StatusPatches.applyIfChanged(
        client, entry, next, CatalogEntry::new, Ownership.FIELD_MANAGER)) {
      ConditionEvents.report(
          events, entry, EntryStatus.problems(before), EntryStatus.problems(next));
    }
  }

  @Override
  public ErrorStatusUpdateControl<CatalogEntry> updateErrorStatus(
      CatalogEntry entry, Context<CatalogEntry> context, Exception e) {
    String message = ApiErrors.describe(e);
    LOG.warnf("catalogentry %s: %s", Metadata.ref(entry), message);
    events.warning(entry, Reasons.RECONCILE_ERROR, message);
    CatalogEntryStatus next =
        EntryStatus.notReady(entry, Reasons.RECONCILE_ERROR, message, null, clock);
    try {
      StatusPatches.applyIfChanged(client, entry, next, CatalogEntry::new, Ownership.FIELD_MANAGER);
    } catch (RuntimeException ignored) {
      LOG.debugf("catalogentry %s: error status not written", Metadata.ref(entry));
    }
    return ErrorStatusUpdateControl.noStatusUpdate();
  }
}
