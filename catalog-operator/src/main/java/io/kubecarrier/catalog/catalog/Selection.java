package io.kubecarrier.catalog.catalog;

import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.LabelSelector;
import io.kubecarrier.api.tenant.Tenant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * What one Catalog selects: Ready tenants (with a tenant namespace recorded by the account
 * operator) and Ready entries (with a tenant CRD and at least one region).
 */
public record Selection(List<Publication.Target> tenants, List<CatalogEntry> entries) {

  /** Applies the catalog's selectors. */
  public static Selection of(
      Catalog catalog,
      Stream<Tenant> tenants,
      Stream<CatalogEntry> entries,
      Function<String, Account> accounts) {
    LabelSelector ts = catalog.getSpec() == null ? null : catalog.getSpec().getTenantSelector();
    LabelSelector es =
        catalog.getSpec() == null ? null : catalog.getSpec().getCatalogEntrySelector();
    List<Publication.Target> targets =
        tenants
            .filter(t -> t.getMetadata().getDeletionTimestamp() == null)
            .filter(t -> t.getStatus() != null && t.getStatus().isReady())
            .filter(t -> LabelSelector.selects(ts, t.getMetadata().getLabels()))
            .map(t -> target(t, accounts.apply(t.getMetadata().getName())))
            .filter(java.util.Objects::nonNull)
            .sorted(Comparator.comparing(Publication.Target::tenant))
            .toList();
    List<CatalogEntry> selected =
        entries
            .filter(e -> e.getMetadata().getDeletionTimestamp() == null)
            .filter(Selection::isPublishable)
            .filter(e -> LabelSelector.selects(es, e.getMetadata().getLabels()))
            .sorted(Comparator.comparing(e -> e.getMetadata().getName()))
            .toList();
    return new Selection(targets, selected);
  }

  /** A Ready entry with everything an Offering needs. */
  public static boolean isPublishable(CatalogEntry e) {
    return e.getStatus() != null
        && e.getStatus().isReady()
        && e.getStatus().getTenantCrd() != null
        && e.getStatus().getRegions() != null
        && !e.getStatus().getRegions().isEmpty();
  }

  private static Publication.Target target(Tenant t, Account account) {
    if (account == null
        || account.getStatus() == null
        || account.getStatus().getNamespace() == null
        || account.getStatus().getNamespace().getName() == null
        || account.getSpec() == null
        || account.getSpec().getSubjects() == null) {
      return null;
    }
    return new Publication.Target(
        t.getMetadata().getName(),
        account.getStatus().getNamespace().getName(),
        account.getSpec().getSubjects());
  }
}
