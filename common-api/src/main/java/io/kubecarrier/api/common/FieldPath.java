package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** A field of the service CRD that is exposed to tenants. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FieldPath {

  @Required
  @Size(max = 1024)
  @Pattern("^\\.(spec|status)(\\.[A-Za-z0-9_-]+)+$")
  @JsonPropertyDescription(
      "Dot-separated path of the field, starting with .spec or .status, for example"
          + " .spec.version or .status.phase. The whole subtree below it is exposed.")
  private String jsonPath;

  public FieldPath() {}

  public FieldPath(String jsonPath) {
    this.jsonPath = jsonPath;
  }

  public String getJsonPath() {
    return jsonPath;
  }

  public void setJsonPath(String jsonPath) {
    this.jsonPath = jsonPath;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldPath && Objects.equals(jsonPath, ((FieldPath) o).jsonPath);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(jsonPath);
  }

  @Override
  public String toString() {
    return jsonPath;
  }
}
