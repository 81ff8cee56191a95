package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Which fields of some versions of the service CRD tenants see. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"versions", "fields"})
public class VersionExposeConfig {

  @Required
  @Size(min = 1)
  @JsonPropertyDescription(
      "Versions of the service CRD this rule applies to, for example [v1]. Only listed"
          + " versions are offered to tenants when derive.expose is given.")
  private List<String> versions;

  @JsonPropertyDescription(
      "Fields exposed in these versions. The tenant CRD's schema is pruned to them (plus"
          + " status.kubecarrier); without fields the whole spec and status are exposed.")
  private List<FieldPath> fields;

  public VersionExposeConfig() {}

  public VersionExposeConfig(List<String> versions, List<FieldPath> fields) {
    this.versions = versions == null ? null : new ArrayList<>(versions);
    this.fields = fields == null ? null : new ArrayList<>(fields);
  }

  public List<String> getVersions() {
    return versions;
  }

  public void setVersions(List<String> versions) {
    this.versions = versions;
  }

  public List<FieldPath> getFields() {
    return fields;
  }

  public void setFields(List<FieldPath> fields) {
    this.fields = fields;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof VersionExposeConfig)) {
      return false;
    }
    VersionExposeConfig that = (VersionExposeConfig) o;
    return Objects.equals(versions, that.versions) && Objects.equals(fields, that.fields);
  }

  @Override
  public int hashCode() {
    return Objects.hash(versions, fields);
  }
}
