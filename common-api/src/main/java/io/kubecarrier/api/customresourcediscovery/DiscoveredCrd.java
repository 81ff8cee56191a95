package io.kubecarrier.api.customresourcediscovery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/** What was found of a CustomResourceDefinition in a service cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "group",
  "kind",
  "listKind",
  "singular",
  "plural",
  "scope",
  "versions",
  "storageVersion"
})
public class DiscoveredCrd {

  @JsonPropertyDescription("API group of the CRD.")
  private String group;

  @JsonPropertyDescription("Kind of the CRD.")
  private String kind;

  @JsonPropertyDescription("List kind of the CRD.")
  private String listKind;

  @JsonPropertyDescription("Singular resource name.")
  private String singular;

  @JsonPropertyDescription("Plural resource name.")
  private String plural;

  @JsonPropertyDescription("Scope of the resources: Namespaced or Cluster.")
  private String scope;

  @JsonPropertyDescription("The versions of the CRD with their schemas.")
  private List<DiscoveredCrdVersion> versions;

  @JsonPropertyDescription("Name of the storage version.")
  private String storageVersion;

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

  public String getListKind() {
    return listKind;
  }

  public void setListKind(String listKind) {
    this.listKind = listKind;
  }

  public String getSingular() {
    return singular;
  }

  public void setSingular(String singular) {
    this.singular = singular;
  }

  public String getPlural() {
    return plural;
  }

  public void setPlural(String plural) {
    this.plural = plural;
  }

  public String getScope() {
    return scope;
  }

  public void setScope(String scope) {
    this.scope = scope;
  }

  public List<DiscoveredCrdVersion> getVersions() {
    return versions;
  }

  public void setVersions(List<DiscoveredCrdVersion> versions) {
    this.versions = versions;
  }

  public String getStorageVersion() {
    return storageVersion;
  }

  public void setStorageVersion(String storageVersion) {
    this.storageVersion = storageVersion;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    DiscoveredCrd that = (DiscoveredCrd) o;
    return Objects.equals(group, that.group)
        && Objects.equals(kind, that.kind)
        && Objects.equals(listKind, that.listKind)
        && Objects.equals(singular, that.singular)
        && Objects.equals(plural, that.plural)
        && Objects.equals(scope, that.scope)
        && Objects.equals(versions, that.versions)
        && Objects.equals(storageVersion, that.storageVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(group, kind, listKind, singular, plural, scope, versions, storageVersion);
  }
}
