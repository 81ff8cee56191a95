package io.kubecarrier.catalog.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.ApiGroups;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.FieldPath;
import io.kubecarrier.api.common.KeySelection;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.RelatedResource;
import io.kubecarrier.api.common.TenantCrdOverride;
import io.kubecarrier.api.common.VersionExposeConfig;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrd;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrdVersion;
import io.kubecarrier.catalog.support.Ownership;
import io.kubecarrier.operator.ownership.Metadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Builds the tenant-facing CRD of a CatalogEntry from the service CRD (DESIGN.md §3): group {@code
 * <provider>.<hub domain>} or the override, kind and plural of the service CRD or the overrides,
 * its served versions (only those named in {@code derive.expose} when given) with derived schemas,
 * printer columns that point at kept fields plus Region and Age, status subresource always on.
 */
public final class TenantCrdBuilder {

  /** Groups (and suffixes) tenant CRDs may never use. */
  static final List<String> RESERVED_GROUPS = List.of(ApiGroups.CORE, ApiGroups.CATALOG);

  static final List<String> RESERVED_SUFFIXES = List.of(".k8s.io", ".kubernetes.io");

  private static final ObjectMapper JSON = Serialization.jsonMapper();

  private TenantCrdBuilder() {}

  /** The tenant CRD and what the entry's status records about it. */
  public record TenantCrd(
      CustomResourceDefinition crd,
      CrdInformation tenant,
      CrdInformation service,
      List<String> exposedPaths) {}

  /**
   * @throws InvalidEntryException when the entry cannot produce a valid, non-reserved tenant CRD
   */
  public static TenantCrd build(CatalogEntry entry, DiscoveredCrd service, String hubDomain) {
    String provider = entry.getMetadata().getNamespace();
    TenantCrdOverride o =
        entry.getSpec().getTenantCrd() == null
            ? new TenantCrdOverride()
            : entry.getSpec().getTenantCrd();
    String group = group(provider, hubDomain, o.getGroup());
    if (!"Namespaced".equals(service.getScope())) {
      throw new InvalidEntryException(
          Reasons.INVALID_SPEC,
          "the service CRD "
              + service.getPlural()
              + "."
              + service.getGroup()
              + " is cluster-scoped; only namespaced CRDs can be offered, since tenants create"
              + " instances in their namespaces");
    }
    String kind = o.getKind() != null ? o.getKind() : service.getKind();
    String plural = o.getPlural() != null ? o.getPlural() : service.getPlural();
    String singular =
        o.getKind() == null && o.getPlural() == null && service.getSingular() != null
            ? service.getSingular()
            : kind.toLowerCase(Locale.ROOT);
    String name;
    try {
      name = Names.crdName(plural, group);
    } catch (IllegalArgumentException e) {
      throw new InvalidEntryException(Reasons.INVALID_NAME, "tenant CRD name: " + e.getMessage());
    }

    checkRelatedKeys(entry);
    List<VersionExposeConfig> expose = expose(entry);
    List<DiscoveredCrdVersion> served =
        service.getVersions() == null
            ? List.of()
            : service.getVersions().stream()
                .filter(v -> !Boolean.FALSE.equals(v.getServed()))
                .toList();
    List<DiscoveredCrdVersion> kept = keptVersions(served, expose);

    TreeSet<String> allPaths = new TreeSet<>();
    List<CustomResourceDefinitionVersion> versions = new ArrayList<>();
    String storage =
        kept.stream().anyMatch(v -> v.getName().equals(service.getStorageVersion()))
            ? service.getStorageVersion()
            : kept.get(kept.size() - 1).getName();
    for (DiscoveredCrdVersion v : kept) {
      List<String> paths = exposedPaths(v.getName(), expose);
      allPaths.addAll(paths);
      JsonNode schema = SchemaDeriver.openApiV3(v.getSchema());
      JsonNode derived = SchemaDeriver.derive(schema, paths, v.getName());
      RelatedPathCheck.check(entry, v.getName(), schema, derived);
      JSONSchemaProps props = JSON.convertValue(derived, JSONSchemaProps.class);
      versions.add(
          new CustomResourceDefinitionVersionBuilder()
              .withName(v.getName())
              .withServed(true)
              .withStorage(v.getName().equals(storage))
              .withNewSchema()
              .withOpenAPIV3Schema(props)
              .endSchema()
              .withNewSubresources()
              .withNewStatus()
              .endStatus()
              .endSubresources()
              .withAdditionalPrinterColumns(columns(v, paths))
              .build());
    }

    Map<String, String> labels = Ownership.labels(entry);
    labels.put(Labels.CATALOG_ENTRY, Names.labelValue(entry.getMetadata().getName()));
    labels.put(Labels.PROVIDER, provider);
    CustomResourceDefinition crd =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(labels)
            .addToAnnotations(Annotations.SOURCE, Metadata.ref(entry))
            .endMetadata()
            .withNewSpec()
            .withGroup(group)
            .withScope("Namespaced")
            .withNewNames()
            .withKind(kind)
            .withListKind(kind + "List")
            .withPlural(plural)
            .withSingular(singular)
            .endNames()
            .withVersions(versions)
            .endSpec()
            .build();
    List<String> versionNames = kept.stream().map(DiscoveredCrdVersion::getName).toList();
    CrdInformation tenant = new CrdInformation(group, kind, plural, versionNames, storage);
    CrdInformation svc =
        new CrdInformation(
            service.getGroup(),
            service.getKind(),
            service.getPlural(),
            versionNames,
            service.getStorageVersion());
    return new TenantCrd(crd, tenant, svc, List.copyOf(allPaths));
  }

  /** The tenant CRD group; refuses invalid and reserved groups. */
  static String group(String provider, String hubDomain, String override) {
    String group;
    if (override != null) {
      group = override;
    } else {
      try {
        group = Names.tenantCrdGroup(provider, hubDomain);
      } catch (IllegalArgumentException e) {
        throw new InvalidEntryException(
            Reasons.INVALID_NAME,
            "provider "
                + provider
                + " and hub domain "
                + hubDomain
                + " give no valid API group ("
                + e.getMessage()
                + "); set spec.tenantCRD.group");
      }
    }
    if (!Names.isDnsSubdomain(group) || !group.contains(".")) {
      throw new InvalidEntryException(
          Reasons.INVALID_NAME,
          "'" + group + "' is not a valid API group: use a DNS subdomain with at least one dot");
    }
    if (RESERVED_GROUPS.contains(group) || RESERVED_SUFFIXES.stream().anyMatch(group::endsWith)) {
      throw new InvalidEntryException(
          Reasons.COLLISION,
          "the tenant CRD group "
              + group
              + " is reserved (kubecarrier.io, catalog.kubecarrier.io, *.k8s.io, *.kubernetes.io);"
              + " set spec.tenantCRD.group to a group of your own");
    }
    if (!group.endsWith("." + hubDomain)) {
      throw new InvalidEntryException(
          Reasons.INVALID_NAME,
          "the tenant CRD group "
              + group
              + " is outside the hub's tenant API domain "
              + hubDomain
              + ", the only one where the catalog operator may create CRDs: set"
              + " spec.tenantCRD.group to <name>."
              + hubDomain
              + " or leave it out");
    }
    return group;
  }

  private static List<DiscoveredCrdVersion> keptVersions(
      List<DiscoveredCrdVersion> served, List<VersionExposeConfig> expose) {
    if (served.isEmpty()) {
      throw new InvalidEntryException(
          Reasons.INVALID_SPEC, "the service CRD serves no version; nothing can be offered");
    }
    if (expose.isEmpty()) {
      return served;
    }
    List<String> names = served.stream().map(DiscoveredCrdVersion::getName).toList();
    TreeSet<String> wanted = new TreeSet<>();
    expose.forEach(e -> wanted.addAll(e.getVersions()));
    List<String> unknown = wanted.stream().filter(w -> !names.contains(w)).toList();
    if (!unknown.isEmpty()) {
      throw new InvalidEntryException(
          Reasons.INVALID_EXPOSE,
          "spec.derive.expose names versions "
              + unknown
              + " that the service CRD does not serve (it serves "
              + names
              + ")");
    }
    return served.stream().filter(v -> wanted.contains(v.getName())).toList();
  }

  /**
   * Two entries of a related resource's {@code keys} must not write the same key of the copy (not a
   * CEL rule: too costly for the API server's budget).
   */
  static void checkRelatedKeys(CatalogEntry entry) {
    if (entry.getSpec().getRelatedResources() == null) {
      return;
    }
    for (RelatedResource r : entry.getSpec().getRelatedResources()) {
      if (r.getKeys() == null) {
        continue;
      }
      TreeSet<String> seen = new TreeSet<>();
      for (KeySelection k : r.getKeys()) {
        if (!seen.add(k.target())) {
          throw new InvalidEntryException(
              Reasons.INVALID_SPEC,
              "relatedResources["
                  + r.getName()
                  + "].keys: two entries write key "
                  + k.target()
                  + " of the copy; give each a different as");
        }
      }
    }
  }

  /** The exposed paths of {@code version} in {@code entry}; empty: everything. */
  static List<String> exposedPaths(CatalogEntry entry, String version) {
    return exposedPaths(version, expose(entry));
  }

  private static List<VersionExposeConfig> expose(CatalogEntry entry) {
    return entry.getSpec().getDerive() == null || entry.getSpec().getDerive().getExpose() == null
        ? List.of()
        : entry.getSpec().getDerive().getExpose();
  }

  private static List<String> exposedPaths(String version, List<VersionExposeConfig> expose) {
    TreeSet<String> paths = new TreeSet<>();
    for (VersionExposeConfig e : expose) {
      if (e.getVersions().contains(version) && e.getFields() != null) {
        e.getFields().stream()
            .map(FieldPath::getJsonPath)
            .filter(Objects::nonNull)
            .forEach(paths::add);
      }
    }
    return List.copyOf(paths);
  }

  private static List<CustomResourceColumnDefinition> columns(
      DiscoveredCrdVersion v, List<String> paths) {
    List<CustomResourceColumnDefinition> out = new ArrayList<>();
    if (v.getAdditionalPrinterColumns() != null && v.getAdditionalPrinterColumns().isArray()) {
      for (JsonNode c : v.getAdditionalPrinterColumns()) {
        CustomResourceColumnDefinition col =
            JSON.convertValue(c, CustomResourceColumnDefinition.class);
        if (SchemaDeriver.keepsColumn(col.getJsonPath(), paths)
            && !".metadata.creationTimestamp".equals(col.getJsonPath())) {
          out.add(col);
        }
      }
    }
    out.add(
        column(
            "Region",
            "string",
            ".metadata.labels.kubecarrier\\.io/region",
            "Region (service cluster) of the instance."));
    out.add(
        column(
            "Synced",
            "string",
            ".status.kubecarrier.conditions[?(@.type==\"Synced\")].status",
            "Whether the copy in the service cluster is in sync."));
    out.add(column("Age", "date", ".metadata.creationTimestamp", null));
    return out;
  }

  private static CustomResourceColumnDefinition column(
      String name, String type, String path, String description) {
    CustomResourceColumnDefinition c = new CustomResourceColumnDefinition();
    c.setName(name);
    c.setType(type);
    c.setJsonPath(path);
    c.setDescription(description);
    return c;
  }
}
