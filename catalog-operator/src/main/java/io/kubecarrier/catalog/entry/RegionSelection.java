package io.kubecarrier.catalog.entry;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrd;
import io.kubecarrier.catalog.entryset.Discoveries;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which discovered regions an entry offers when the service CRDs differ between clusters.
 *
 * <p>Rule: CRDs are compared by group, kind, plural, scope and the name, served flag and schema of
 * every version. The largest group of identical CRDs wins; on a tie, the group that holds the
 * alphabetically first cluster. Its clusters are the regions; the others are {@code
 * mismatchedRegions}. The rule depends only on the set of discoveries, so every reconcile picks the
 * same regions.
 */
public record RegionSelection(
    DiscoveredCrd reference, List<String> regions, List<String> mismatched) {

  /** Nothing discovered yet. */
  public static final RegionSelection NONE = new RegionSelection(null, List.of(), List.of());

  /** Applies the rule to the finished discoveries among {@code discoveries}. */
  public static RegionSelection of(Collection<CustomResourceDiscovery> discoveries) {
    TreeMap<String, DiscoveredCrd> byCluster = new TreeMap<>();
    for (CustomResourceDiscovery d : discoveries) {
      if (Discoveries.isDiscovered(d) && Discoveries.serviceCluster(d) != null) {
        byCluster.put(Discoveries.serviceCluster(d), d.getStatus().getCrd());
      }
    }
    if (byCluster.isEmpty()) {
      return NONE;
    }
    Map<Signature, List<String>> groups = new LinkedHashMap<>();
    byCluster.forEach(
        (c, crd) -> groups.computeIfAbsent(Signature.of(crd), k -> new ArrayList<>()).add(c));
    // clusters are visited in name order, so each group's first cluster is its smallest
    List<String> winner =
        groups.values().stream()
            .max(
                Comparator.comparingInt((List<String> g) -> g.size())
                    .thenComparing(g -> g.get(0), Comparator.reverseOrder()))
            .orElseThrow();
    List<String> mismatched = byCluster.keySet().stream().filter(c -> !winner.contains(c)).toList();
    return new RegionSelection(byCluster.get(winner.get(0)), List.copyOf(winner), mismatched);
  }

  /** What must be equal for two service CRDs to back the same tenant CRD. */
  record Signature(String group, String kind, String plural, String scope, List<Version> versions) {
    static Signature of(DiscoveredCrd crd) {
      List<Version> versions =
          crd.getVersions() == null
              ? List.of()
              : crd.getVersions().stream()
                  .map(
                      v ->
                          new Version(
                              v.getName(),
                              Objects.equals(Boolean.TRUE, v.getServed()),
                              v.getSchema()))
                  .sorted(Comparator.comparing(Version::name))
                  .toList();
      return new Signature(
          crd.getGroup(), crd.getKind(), crd.getPlural(), crd.getScope(), versions);
    }
  }

  record Version(String name, boolean served, JsonNode schema) {}
}
