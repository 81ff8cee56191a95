package io.kubecarrier.propagation.placement;

import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.kinds.Propagator;
import io.kubecarrier.propagation.kinds.Propagators;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * When the agent lets go of an assignment being deleted (docs/lifecycle.md): once no instance of
 * any kind of its provider in its tenant namespace is in (or asks for) its cluster, and only when
 * every kind of the provider is watched (else an instance could be missed).
 */
public final class AssignmentRelease {

  private static final Logger LOG = Logger.getLogger(AssignmentRelease.class);

  private final Propagators propagators;
  private final Placements placements;
  private final AssignmentHolds holds;
  private final Entries entries;

  /**
   * The CatalogEntries of a namespace (the JOSDK controller's cache), so that the agent knows
   * whether it sees every kind of a provider before it lets go of an assignment; null while the
   * controller has not started.
   */
  public interface Entries {
    Stream<CatalogEntry> of(String namespace);
  }

  public AssignmentRelease(
      Propagators propagators, Placements placements, AssignmentHolds holds, Entries entries) {
    this.propagators = propagators;
    this.placements = placements;
    this.holds = holds;
    this.entries = entries;
  }

  /** Lets go of {@code sca} if it is being deleted, held by this agent and no longer used. */
  public void releaseIfUnused(ServiceClusterAssignment sca) {
    try {
      if (sca.getMetadata().getDeletionTimestamp() == null
          || !AssignmentHolds.held(sca)
          || sca.getSpec() == null
          || sca.getSpec().getServiceCluster() == null
          || sca.getSpec().getManagementNamespace() == null) {
        return;
      }
      String provider = sca.getMetadata().getNamespace();
      String cluster = sca.getSpec().getServiceCluster().getName();
      if (!placements.mine(provider + "/" + cluster) || !seesEveryKind(provider)) {
        return;
      }
      String tenantNs = sca.getSpec().getManagementNamespace().getName();
      boolean used =
          propagators.ofProvider(provider).stream()
              .anyMatch(p -> !p.tenantsPlacedIn(tenantNs, cluster).isEmpty());
      if (!used) {
        holds.release(sca);
      }
    } catch (RuntimeException e) {
      LOG.warnf(e, "assignment %s: release failed", sca.getMetadata().getName());
    }
  }

  /** Whether every CatalogEntry of {@code provider} with a tenant CRD is propagated and synced. */
  private boolean seesEveryKind(String provider) {
    Stream<CatalogEntry> ofProvider = entries.of(provider);
    if (ofProvider == null) {
      return false;
    }
    return ofProvider
        .map(OfferedKind::from)
        .flatMap(Optional::stream)
        .allMatch(
            k -> {
              Propagator p = propagators.get(k.entryKey());
              return p != null && p.tenantsSynced();
            });
  }
}
