package io.kubecarrier.catalog.entry;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrd;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrdVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What several regions' service CRDs have in common: the versions every region serves, for each
 * version the {@link SchemaMerge merged} schema, and which versions the tenant CRD serves
 * (docs/catalog-operator.md, "Schema evolution").
 *
 * <ul>
 *   <li>The storage version of the tenant CRD stays what it is while every region serves it; else
 *       it is the regions' common storage version, else their last common version. A region that
 *       stops serving the stored version cannot be offered with the others (the version is never
 *       removed from the tenant CRD).
 *   <li>A version that only some regions serve, or that every region serves, is offered next to the
 *       storage version when its merged schema equals the storage version's (documentation aside):
 *       the API server then converts it by name alone ({@code conversion: None}) without losing a
 *       field. A version whose schema differs is not offered: KubeCarrier does not convert between
 *       versions.
 *   <li>Versions in the tenant CRD's {@code status.storedVersions} that no region offers any more
 *       stay in the tenant CRD, served, with the schema they had (objects may be stored in them).
 * </ul>
 */
final class CommonCrd {

  /** A region's discovered service CRD. */
  record Region(String name, DiscoveredCrd crd) {}

  /** The tenant CRD as it is now, or null. */
  record Current(
      String storageVersion, List<String> storedVersions, Map<String, JsonNode> schemas) {
    static Current of(CustomResourceDefinition crd) {
      if (crd == null || crd.getSpec() == null || crd.getSpec().getVersions() == null) {
        return null;
      }
      Map<String, JsonNode> schemas = new LinkedHashMap<>();
      String storage = null;
      for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
        if (v.getSchema() != null && v.getSchema().getOpenAPIV3Schema() != null) {
          schemas.put(
              v.getName(),
              Serialization.jsonMapper().valueToTree(v.getSchema().getOpenAPIV3Schema()));
        }
        if (Boolean.TRUE.equals(v.getStorage())) {
          storage = v.getName();
        }
      }
      List<String> stored =
          crd.getStatus() == null || crd.getStatus().getStoredVersions() == null
              ? List.of()
              : List.copyOf(crd.getStatus().getStoredVersions());
      return new Current(storage, stored, schemas);
    }
  }

  /**
   * The combination of a group of regions.
   *
   * @param conflicts why the regions cannot be offered together (empty when they can)
   * @param crd the common service CRD the tenant CRD is built from (null on conflicts)
   * @param partial spec and status properties only some regions know, at the storage version
   * @param notes compatible differences and version decisions, for the entry's conditions
   */
  record Result(
      List<String> conflicts,
      DiscoveredCrd crd,
      Map<String, List<String>> partial,
      List<String> notes) {
    boolean ok() {
      return conflicts.isEmpty();
    }
  }

  private CommonCrd() {}

  /**
   * Combines {@code group} (in order of preference: the first region's names, columns and texts are
   * used).
   *
   * @param exposed the exposed paths of a version ({@code derive.expose}); empty: everything
   * @param current the tenant CRD as it is, or null
   * @param storedAlive whether some discovered region still serves the tenant CRD's storage version
   *     (when none does, it cannot be required)
   */
  static Result of(
      List<Region> group,
      Function<String, List<String>> exposed,
      Current current,
      boolean storedAlive) {
    List<String> conflicts = new ArrayList<>();
    DiscoveredCrd first = group.get(0).crd();
    for (Region r : group.subList(1, group.size())) {
      DiscoveredCrd c = r.crd();
      if (!Objects.equals(first.getGroup(), c.getGroup())
          || !Objects.equals(first.getKind(), c.getKind())
          || !Objects.equals(first.getPlural(), c.getPlural())
          || !Objects.equals(first.getScope(), c.getScope())) {
        conflicts.add(
            r.name()
                + " names the CRD differently ("
                + c.getKind()
                + ", "
                + c.getPlural()
                + "."
                + c.getGroup()
                + ", "
                + c.getScope()
                + ")");
      }
    }
    Map<String, List<Region>> servedBy = new LinkedHashMap<>();
    for (Region r : group) {
      for (DiscoveredCrdVersion v : served(r.crd())) {
        servedBy.computeIfAbsent(v.getName(), k -> new ArrayList<>()).add(r);
      }
    }
    List<String> common =
        servedBy.entrySet().stream()
            .filter(e -> e.getValue().size() == group.size())
            .map(Map.Entry::getKey)
            .toList();
    if (common.isEmpty()) {
      conflicts.add("no version is served in all of " + names(group) + " " + servedList(group));
    }
    String stored = current == null ? null : current.storageVersion();
    if (stored != null && storedAlive && !common.contains(stored)) {
      List<String> lacking =
          group.stream().filter(r -> served(r.crd(), stored).isEmpty()).map(Region::name).toList();
      conflicts.add(
          String.join(", ", lacking)
              + " does not serve version "
              + stored
              + ", which the tenant CRD stores (its removal is refused while other regions serve"
              + " it)");
    }
    Map<String, SchemaMerge.Result> merged = new LinkedHashMap<>();
    servedBy.forEach(
        (version, regions) -> {
          SchemaMerge.Result m =
              SchemaMerge.merge(
                  regions.stream()
                      .map(
                          r ->
                              new SchemaMerge.Input(
                                  r.name(),
                                  SchemaDeriver.pruned(
                                      schema(r.crd(), version), exposed.apply(version))))
                      .toList());
          merged.put(version, m);
          m.conflicts().forEach(d -> conflicts.add("version " + version + ", " + d));
        });
    if (!conflicts.isEmpty()) {
      return new Result(conflicts, null, Map.of(), List.of());
    }

    String storage = storage(group, common, stored);
    List<String> notes = new ArrayList<>();
    SchemaMerge.Result atStorage = merged.get(storage);
    atStorage.differences().stream()
        .filter(d -> d.kind() != SchemaMerge.Kind.DOCUMENTATION)
        .forEach(d -> notes.add(d.toString()));
    DiscoveredCrd out = copyNames(first);
    out.setStorageVersion(storage);
    List<DiscoveredCrdVersion> versions = new ArrayList<>();
    Set<String> offered = new LinkedHashSet<>();
    for (Map.Entry<String, SchemaMerge.Result> e : merged.entrySet()) {
      String version = e.getKey();
      boolean alias =
          version.equals(storage)
              || SchemaMerge.merge(
                      List.of(
                          new SchemaMerge.Input(storage, atStorage.schema()),
                          new SchemaMerge.Input(version, e.getValue().schema())))
                  .equivalent();
      if (!alias) {
        notes.add(
            "version "
                + version
                + " ("
                + names(servedBy.get(version))
                + ") is not offered: its schema differs from the storage version "
                + storage
                + " and KubeCarrier does not convert between versions");
        continue;
      }
      if (!common.contains(version)) {
        notes.add(
            "version "
                + version
                + " is served only in "
                + names(servedBy.get(version))
                + "; offered everywhere, stored as "
                + storage);
      }
      offered.add(version);
      versions.add(
          version(
              version,
              e.getValue().schema(),
              columns(servedBy.get(version).get(0).crd(), version)));
    }
    if (current != null) {
      for (String kept : current.storedVersions()) {
        if (!offered.contains(kept) && current.schemas().containsKey(kept)) {
          notes.add(
              "version "
                  + kept
                  + " stays in the tenant CRD: it is in status.storedVersions (objects may be"
                  + " stored in it) although no selected region serves it");
          versions.add(
              version(
                  kept, SchemaDeriver.withoutKubeCarrierStatus(current.schemas().get(kept)), null));
        }
      }
    }
    out.setVersions(versions);
    return new Result(List.of(), out, partial(atStorage), List.copyOf(notes));
  }

  /** The storage version: kept while common, else the regions' common storage, else the last. */
  private static String storage(List<Region> group, List<String> common, String stored) {
    if (stored != null && common.contains(stored)) {
      return stored;
    }
    Set<String> storages = new LinkedHashSet<>();
    group.forEach(r -> storages.add(r.crd().getStorageVersion()));
    if (storages.size() == 1 && common.contains(storages.iterator().next())) {
      return storages.iterator().next();
    }
    return common.get(common.size() - 1);
  }

  private static Map<String, List<String>> partial(SchemaMerge.Result m) {
    return Map.copyOf(m.partial());
  }

  static List<DiscoveredCrdVersion> served(DiscoveredCrd crd) {
    return crd.getVersions() == null
        ? List.of()
        : crd.getVersions().stream().filter(v -> !Boolean.FALSE.equals(v.getServed())).toList();
  }

  /** The served version {@code name} of {@code crd}, if it serves it. */
  static Optional<DiscoveredCrdVersion> served(DiscoveredCrd crd, String name) {
    return served(crd).stream().filter(v -> v.getName().equals(name)).findFirst();
  }

  private static JsonNode schema(DiscoveredCrd crd, String version) {
    return served(crd, version).map(v -> SchemaDeriver.openApiV3(v.getSchema())).orElse(null);
  }

  private static JsonNode columns(DiscoveredCrd crd, String version) {
    return served(crd, version).map(DiscoveredCrdVersion::getAdditionalPrinterColumns).orElse(null);
  }

  private static DiscoveredCrdVersion version(String name, JsonNode schema, JsonNode columns) {
    DiscoveredCrdVersion v = new DiscoveredCrdVersion();
    v.setName(name);
    v.setServed(true);
    v.setSchema(schema);
    v.setAdditionalPrinterColumns(columns);
    return v;
  }

  private static DiscoveredCrd copyNames(DiscoveredCrd c) {
    DiscoveredCrd out = new DiscoveredCrd();
    out.setGroup(c.getGroup());
    out.setKind(c.getKind());
    out.setListKind(c.getListKind());
    out.setSingular(c.getSingular());
    out.setPlural(c.getPlural());
    out.setScope(c.getScope());
    return out;
  }

  private static String names(List<Region> regions) {
    return String.join(", ", regions.stream().map(Region::name).toList());
  }

  private static String servedList(List<Region> group) {
    List<String> parts = new ArrayList<>();
    group.forEach(
        r ->
            parts.add(
                r.name()
                    + " serves "
                    + served(r.crd()).stream().map(DiscoveredCrdVersion::getName).toList()));
    return "(" + String.join("; ", parts) + ")";
  }
}
