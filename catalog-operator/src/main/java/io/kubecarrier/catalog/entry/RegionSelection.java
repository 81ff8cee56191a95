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
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Which discovered regions an entry offers, and the common service CRD its tenant CRD is built
 * from, when the regions' CRDs differ (an operator upgraded one cluster at a time).
 *
 * <p>Regions are compared by compatibility ({@link CommonCrd}, {@link SchemaMerge}), not equality:
 * regions whose CRDs combine into one schema every one of them accepts are offered together. When
 * some cannot be combined, the offered group is chosen so that an upgrade in one region never takes
 * the offering away from the others: groups are grown greedily from each region, and the best group
 * has the most regions compatible with the tenant CRD as it is now, then the most regions offered
 * now, then the most regions, then the alphabetically first region. The others are left out (for
 * new instances; placed ones keep syncing) with what differs. The rule depends only on the
 * discoveries and the current tenant CRD, so every reconcile picks the same regions.
 *
 * @param reference the common service CRD (null when nothing is discovered yet)
 * @param regions the offered regions
 * @param mismatched the discovered regions left out
 * @param differences for each region left out, what keeps it apart from the offered ones
 * @param partial properties (at the storage version) only some offered regions know, with them
 * @param notes compatible differences and version decisions
 */
public record RegionSelection(
    DiscoveredCrd reference,
    List<String> regions,
    List<String> mismatched,
    Map<String, List<String>> differences,
    Map<String, List<String>> partial,
    List<String> notes) {

  /** Nothing discovered yet. */
  public static final RegionSelection NONE =
      new RegionSelection(null, List.of(), List.of(), Map.of(), Map.of(), List.of());

  /** Differences named per region left out, at most. */
  static final int DIFFERENCES_PER_REGION = 5;

  /** {@link #of(Collection, Function, CommonCrd.Current, List)} with no tenant CRD yet. */
  public static RegionSelection of(Collection<CustomResourceDiscovery> discoveries) {
    return of(discoveries, v -> List.of(), null, List.of());
  }

  /**
   * Applies the rule to the finished discoveries among {@code discoveries}.
   *
   * @param exposed the exposed paths of each version
   * @param current the tenant CRD as it is, or null
   * @param offeredNow the regions the entry offers now (its status)
   */
  static RegionSelection of(
      Collection<CustomResourceDiscovery> discoveries,
      Function<String, List<String>> exposed,
      CommonCrd.Current current,
      List<String> offeredNow) {
    TreeMap<String, DiscoveredCrd> byCluster = new TreeMap<>();
    for (CustomResourceDiscovery d : discoveries) {
      if (Discoveries.isDiscovered(d) && Discoveries.serviceCluster(d) != null) {
        byCluster.put(Discoveries.serviceCluster(d), d.getStatus().getCrd());
      }
    }
    if (byCluster.isEmpty()) {
      return NONE;
    }
    List<CommonCrd.Region> all =
        byCluster.entrySet().stream()
            .map(e -> new CommonCrd.Region(e.getKey(), e.getValue()))
            .toList();
    String stored = current == null ? null : current.storageVersion();
    boolean storedAlive =
        stored != null && all.stream().anyMatch(r -> CommonCrd.served(r.crd(), stored).isPresent());
    Map<String, Boolean> fitsCurrent = new LinkedHashMap<>();
    for (CommonCrd.Region r : all) {
      fitsCurrent.put(r.name(), fitsCurrent(r, exposed, current, storedAlive));
    }
    // preferred first: compatible with the tenant CRD now, offered now, by name
    List<CommonCrd.Region> order =
        all.stream()
            .sorted(
                Comparator.comparing((CommonCrd.Region r) -> !fitsCurrent.get(r.name()))
                    .thenComparing(r -> !offeredNow.contains(r.name())))
            .toList();

    List<CommonCrd.Region> best = null;
    CommonCrd.Result bestResult = null;
    int[] bestScore = null;
    for (CommonCrd.Region seed : order) {
      List<CommonCrd.Region> group = new ArrayList<>(List.of(seed));
      CommonCrd.Result result = CommonCrd.of(group, exposed, current, storedAlive);
      if (!result.ok()) {
        continue;
      }
      for (CommonCrd.Region r : order) {
        if (r == seed) {
          continue;
        }
        group.add(r);
        CommonCrd.Result grown = CommonCrd.of(group, exposed, current, storedAlive);
        if (grown.ok()) {
          result = grown;
        } else {
          group.remove(group.size() - 1);
        }
      }
      int[] score = {
        (int) group.stream().filter(r -> fitsCurrent.get(r.name())).count(),
        (int) group.stream().filter(r -> offeredNow.contains(r.name())).count(),
        group.size()
      };
      if (bestScore == null || better(score, bestScore)) {
        best = group;
        bestResult = result;
        bestScore = score;
      }
    }
    if (best == null) {
      // no region can be offered even alone (each lacks the stored version): report all
      Map<String, List<String>> why = new LinkedHashMap<>();
      for (CommonCrd.Region r : all) {
        why.put(r.name(), cap(CommonCrd.of(List.of(r), exposed, current, storedAlive).conflicts()));
      }
      return new RegionSelection(
          null, List.of(), List.copyOf(why.keySet()), why, Map.of(), List.of());
    }
    List<CommonCrd.Region> group = best;
    List<String> regions = group.stream().map(CommonCrd.Region::name).sorted().toList();
    Map<String, List<String>> differences = new LinkedHashMap<>();
    for (CommonCrd.Region r : all) {
      if (!group.contains(r)) {
        List<CommonCrd.Region> with = new ArrayList<>(group);
        with.add(r);
        differences.put(
            r.name(), cap(CommonCrd.of(with, exposed, current, storedAlive).conflicts()));
      }
    }
    return new RegionSelection(
        bestResult.crd(),
        regions,
        List.copyOf(differences.keySet()),
        differences,
        bestResult.partial(),
        bestResult.notes());
  }

  /** Whether the region alone combines with the tenant CRD as it is (always, without one). */
  private static boolean fitsCurrent(
      CommonCrd.Region r,
      Function<String, List<String>> exposed,
      CommonCrd.Current current,
      boolean storedAlive) {
    if (current == null || current.storageVersion() == null) {
      return true;
    }
    String v = current.storageVersion();
    var version = CommonCrd.served(r.crd(), v);
    if (!CommonCrd.of(List.of(r), exposed, current, storedAlive).ok()
        || version.isEmpty()
        || !current.schemas().containsKey(v)) {
      return false;
    }
    JsonNode schema = SchemaDeriver.openApiV3(version.get().getSchema());
    return SchemaMerge.merge(
            List.of(
                new SchemaMerge.Input(
                    "the tenant CRD",
                    SchemaDeriver.withoutKubeCarrierStatus(current.schemas().get(v))),
                new SchemaMerge.Input(r.name(), SchemaDeriver.pruned(schema, exposed.apply(v)))))
        .compatible();
  }

  private static boolean better(int[] a, int[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return a[i] > b[i];
      }
    }
    return false;
  }

  private static List<String> cap(List<String> all) {
    return all.size() <= DIFFERENCES_PER_REGION
        ? List.copyOf(all)
        : List.copyOf(all.subList(0, DIFFERENCES_PER_REGION));
  }
}
