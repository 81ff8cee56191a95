package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * Overrides of the identity of the tenant-facing CRD of a CatalogEntrySet (and its CatalogEntry).
 * By default the group is {@code <provider>.<hub domain>} and kind and plural are those of the
 * service CRD.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"group", "kind", "plural"})
public class TenantCrdOverride {

  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$")
  @JsonPropertyDescription(
      "API group of the tenant CRD instead of <provider>.<hub domain>: a DNS-1123 subdomain"
          + " within the hub domain (the only API domain where the catalog operator may create"
          + " CRDs), for example redis.example-corp.hub.example.net.")
  private String group;

  @Size(max = 63)
  @Pattern("^[A-Z][A-Za-z0-9]*$")
  @JsonPropertyDescription(
      "Kind of the tenant CRD instead of the service CRD's kind: UpperCamelCase, for example"
          + " ManagedRedis.")
  private String kind;

  @Size(max = 63)
  @Pattern("^[a-z]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription(
      "Plural resource name of the tenant CRD instead of the service CRD's plural: a lower-case"
          + " DNS-1123 label starting with a letter, for example managedredises.")
  private String plural;

  public TenantCrdOverride() {}

  public TenantCrdOverride(String group, String kind, String plural) {
    this.group = group;
    this.kind = kind;
    this.plural = plural;
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

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TenantCrdOverride)) {
      return false;
    }
    TenantCrdOverride that = (TenantCrdOverride) o;
    return Objects.equals(group, that.group)
        && Objects.equals(kind, that.kind)
        && Objects.equals(plural, that.plural);
  }

  @Override
  public int hashCode() {
    return Objects.hash(group, kind, plural);
  }
}
