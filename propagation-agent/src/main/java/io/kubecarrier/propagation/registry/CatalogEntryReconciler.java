package io.kubecarrier.propagation.registry;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.quarkiverse.operatorsdk.annotations.RBACRule;
import io.quarkiverse.operatorsdk.annotations.RBACVerbs;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The fixed JOSDK controller of the agent: it reads CatalogEntries (owned by the catalog operator,
 * never written here) and starts or stops the propagation of their tenant kind at run time. Called
 * on every event, deletion included, so no finalizer is needed on entries. An entry that is not
 * Ready or is being deleted keeps its propagation as long as its status names its CRDs: its
 * instances still run, and their deletion needs the agent. Runs on the leader only, so only the
 * leader propagates.
 */
// status-only changes matter here (the catalog operator's status is what the agent reads)
@ControllerConfiguration(
    name = CatalogEntryReconciler.NAME,
    triggerReconcilerOnAllEvents = true,
    generationAwareEventProcessing = false)
// read models of other operators
@RBACRule(
    apiGroups = ServiceCluster.GROUP,
    resources = {ServiceCluster.PLURAL, ServiceClusterAssignment.PLURAL},
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
// its finalizer on the assignments it places instances through (docs/lifecycle.md)
@RBACRule(
    apiGroups = ServiceClusterAssignment.GROUP,
    resources = ServiceClusterAssignment.PLURAL,
    verbs = RBACVerbs.PATCH)
// whether an instance's kind is still offered to its namespace
@RBACRule(
    apiGroups = Offering.GROUP,
    resources = Offering.PLURAL,
    verbs = {RBACVerbs.GET, RBACVerbs.LIST, RBACVerbs.WATCH})
// Secrets: none cluster-wide. Kubeconfig Secrets (get) in provider namespaces and connection
// Secret copies in tenant namespaces come through RoleBindings that the account operator makes in
// account namespaces (src/main/kubernetes/kubernetes.yml, docs/security.md).
// Events on tenant instances
@RBACRule(
    apiGroups = "",
    resources = "events",
    verbs = {RBACVerbs.CREATE, RBACVerbs.PATCH})
// leader election (prod): a namespaced Role in src/main/kubernetes/kubernetes.yml (the SDK merges
// @RBACRules of one resource and would drop the resourceNames restriction)
public final class CatalogEntryReconciler implements Reconciler<CatalogEntry> {

  public static final String NAME = "propagation-agent";
  public static final String LEASE = "propagation-agent";
  private static final Logger LOG = Logger.getLogger(CatalogEntryReconciler.class);

  private final PropagationRegistry registry;

  public CatalogEntryReconciler(PropagationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public UpdateControl<CatalogEntry> reconcile(CatalogEntry entry, Context<CatalogEntry> context) {
    String key = entry.getMetadata().getNamespace() + "/" + entry.getMetadata().getName();
    registry.entries(ns -> context.getPrimaryCache().list(ns));
    Optional<OfferedKind> kind =
        context.isPrimaryResourceDeleted() ? Optional.empty() : OfferedKind.from(entry);
    if (kind.isPresent()) {
      registry.ensure(kind.get());
    } else {
      LOG.debugf("CatalogEntry %s: deleted or no tenant CRD yet", key);
      registry.remove(key);
    }
    return UpdateControl.noUpdate();
  }
}
