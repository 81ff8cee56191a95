package io.kubecarrier.propagation.kinds;

import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentry.CatalogEntryStatus;
import io.kubecarrier.api.catalogentry.RegionDifferences;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.MetadataPropagation;
import io.kubecarrier.api.common.RelatedDirection;
import io.kubecarrier.api.common.RelatedKind;
import io.kubecarrier.api.common.RelatedResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the agent needs of one Ready CatalogEntry, read from its status: the tenant CRD in the
 * management cluster, the service CRD in the regions, the exposed paths and the regions. Two
 * entries with the same {@code OfferedKind} need the same informers.
 *
 * @param entryNamespace namespace of the CatalogEntry (the provider namespace, which holds the
 *     ServiceClusters and ServiceClusterAssignments)
 * @param entryName name of the CatalogEntry
 * @param tenant tenant CRD, at the version the agent reads and writes
 * @param service service CRD, at the same version name
 * @param exposedPaths exposed paths ({@code .spec.x}, {@code .status.y}); empty: everything
 * @param regions service cluster names
 * @param regionDifferences for selected regions left out because their service CRD cannot be
 *     combined with the offered ones, what differs (the entry's {@code regionDifferences})
 * @param tenantGeneration metadata.generation of the tenant CRD, when the entry records it: a
 *     change (a schema change) restarts the kind's informers, since watches opened before it may
 *     still serve instances pruned to the old schema
 * @param related the Secrets and ConfigMaps that travel with each instance ({@code
 *     spec.relatedResources} of the entry)
 * @param propagate which tenant labels and annotations pass to the service object; null: all but
 *     KubeCarrier's own
 */
public record OfferedKind(
    String entryNamespace,
    String entryName,
    ResourceType tenant,
    ResourceType service,
    List<String> exposedPaths,
    List<String> regions,
    Map<String, List<String>> regionDifferences,
    Long tenantGeneration,
    List<RelatedResource> related,
    MetadataPropagation propagate) {

  public OfferedKind {
    related = related == null ? List.of() : List.copyOf(related);
    exposedPaths = exposedPaths == null ? List.of() : List.copyOf(exposedPaths);
    regions = regions == null ? List.of() : List.copyOf(regions);
    regionDifferences = regionDifferences == null ? Map.of() : Map.copyOf(regionDifferences);
  }

  public OfferedKind(
      String entryNamespace,
      String entryName,
      ResourceType tenant,
      ResourceType service,
      List<String> exposedPaths,
      List<String> regions) {
    this(
        entryNamespace,
        entryName,
        tenant,
        service,
        exposedPaths,
        regions,
        Map.of(),
        null,
        null,
        null);
  }

  public OfferedKind(
      String entryNamespace,
      String entryName,
      ResourceType tenant,
      ResourceType service,
      List<String> exposedPaths,
      List<String> regions,
      Map<String, List<String>> regionDifferences) {
    this(
        entryNamespace,
        entryName,
        tenant,
        service,
        exposedPaths,
        regions,
        regionDifferences,
        null,
        null,
        null);
  }

  /** {@code namespace/name} of the CatalogEntry, the key of this kind in the agent. */
  public String entryKey() {
    return entryNamespace + "/" + entryName;
  }

  /** The related resources declared for {@code direction}. */
  public List<RelatedResource> related(RelatedDirection direction) {
    return related.stream().filter(r -> r.getDirection() == direction).toList();
  }

  /** Whether some related resource of {@code kind} is declared. */
  public boolean declares(RelatedKind kind) {
    return related.stream().anyMatch(r -> r.getKind() == kind);
  }

  /** Kind of the tenant instances, for metrics and logs. */
  public String kind() {
    return tenant.kind();
  }

  /**
   * The kind an entry offers, or empty when its status lacks what the agent needs (tenant and
   * service CRD with group, kind, plural and a version). Readiness does not matter: an entry that
   * is not Ready (or is being deleted) still has instances that need the agent.
   */
  public static Optional<OfferedKind> from(CatalogEntry entry) {
    CatalogEntryStatus status = entry.getStatus();
    if (status == null) {
      return Optional.empty();
    }
    CrdInformation tenant = status.getTenantCrd();
    CrdInformation service = status.getServiceCrd();
    if (!complete(tenant) || !complete(service)) {
      return Optional.empty();
    }
    String version = version(tenant);
    if (service.getVersions() != null
        && !service.getVersions().isEmpty()
        && !service.getVersions().contains(version)) {
      return Optional.empty();
    }
    return Optional.of(
        new OfferedKind(
            entry.getMetadata().getNamespace(),
            entry.getMetadata().getName(),
            context(tenant, version),
            context(service, version),
            status.getExposedPaths(),
            status.getRegions(),
            differences(status),
            tenant.getGeneration(),
            entry.getSpec() == null ? null : entry.getSpec().getRelatedResources(),
            entry.getSpec() == null ? null : entry.getSpec().getPropagateMetadata()));
  }

  private static Map<String, List<String>> differences(CatalogEntryStatus status) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (status.getRegionDifferences() != null) {
      for (RegionDifferences d : status.getRegionDifferences()) {
        if (d.getRegion() != null) {
          out.put(d.getRegion(), d.getDifferences() == null ? List.of() : d.getDifferences());
        }
      }
    }
    return out;
  }

  /** The storage version, else the first served version. */
  static String version(CrdInformation crd) {
    if (crd.getStorageVersion() != null && !crd.getStorageVersion().isBlank()) {
      return crd.getStorageVersion();
    }
    return crd.getVersions().get(0);
  }

  private static boolean complete(CrdInformation crd) {
    return crd != null
        && crd.getGroup() != null
        && crd.getKind() != null
        && crd.getPlural() != null
        && ((crd.getStorageVersion() != null && !crd.getStorageVersion().isBlank())
            || (crd.getVersions() != null && !crd.getVersions().isEmpty()));
  }

  private static ResourceType context(CrdInformation crd, String version) {
    return new ResourceType(crd.getGroup(), version, crd.getKind(), crd.getPlural());
  }
}
