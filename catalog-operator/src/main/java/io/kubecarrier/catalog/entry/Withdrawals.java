package io.kubecarrier.catalog.entry;

import java.util.List;
import java.util.Map;

/**
 * What a CatalogEntry keeps for existing instances although it no longer offers it: tenant
 * namespaces with withdrawn Offering, Role and RoleBinding, and regions no longer offered that
 * still hold instances (region → a few {@code namespace/name}s).
 */
public record Withdrawals(List<String> namespaces, Map<String, List<String>> regions) {

  /** Nothing kept. */
  public static final Withdrawals NONE = new Withdrawals(List.of(), Map.of());

  /** Whether anything is kept. */
  public boolean any() {
    return !namespaces.isEmpty() || !regions.isEmpty();
  }
}
