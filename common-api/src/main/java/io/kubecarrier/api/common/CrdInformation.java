package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Identity of a CustomResourceDefinition as other components need it: the tenant-facing CRD of a
 * CatalogEntry and Offering, or the service CRD in the service clusters.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "group", "kind", "plural", "versions", "storageVersion", "generation"})
public class CrdInformation {

  @JsonPropertyDescription("Name of the CustomResourceDefinition, <plural>.<group>.")
  private String name;

  @JsonPropertyDescription("API group of the resources, for example redis.example.com.")
  private String group;

  @JsonPropertyDescription("Kind of the resources, for example Redis.")
  private String kind;

  @JsonPropertyDescription("Plural resource name, used in API paths and RBAC rules.")
  private String plural;

  @JsonPropertyDescription("Names of the served versions, for example [v1alpha1, v1].")
  private List<String> versions;

  @JsonPropertyDescription("The version in which the API server stores the resources.")
  private String storageVersion;

  @JsonPropertyDescription(
      "metadata.generation of the CRD this describes, when known (it changes with the CRD's"
          + " schema: watches opened before a schema change may still serve objects pruned to the"
          + " old one, so the propagation agent re-opens them when it changes).")
  private Long generation;

  public CrdInformation() {}

  public CrdInformation(
      String group, String kind, String plural, List<String> versions, String storageVersion) {
    this.name = plural + "." + group;
    this.group = group;
    this.kind = kind;
    this.plural = plural;
    this.versions = versions == null ? null : new ArrayList<>(versions);
    this.storageVersion = storageVersion;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getPlural() {
    return plural;
  }

  public void setPlural(String plural) {
    this.plural = plural;
  }

  public List<String> getVersions() {
    return versions;
  }

  public void setVersions(List<String> versions) {
    this.versions = versions;
  }

  public String getStorageVersion() {
    return storageVersion;
  }

  public void setStorageVersion(String storageVersion) {
    this.storageVersion = storageVersion;
  }

  public Long getGeneration() {
    return generation;
  }

  public void setGeneration(Long generation) {
    this.generation = generation;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CrdInformation)) {
      return false;
    }
    CrdInformation that = (CrdInformation) o;
    return Objects.equals(name, that.name)
        && Objects.equals(group, that.group)
        && Objects.equals(kind, that.kind)
        && Objects.equals(plural, that.plural)
        && Objects.equals(versions, that.versions)
        && Objects.equals(storageVersion, that.storageVersion)
        && Objects.equals(generation, that.generation);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, group, kind, plural, versions, storageVersion, generation);
  }

  @Override
  public String toString() {
    return name + " " + versions;
  }
}
