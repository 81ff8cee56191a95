package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** How the tenant-facing CRD is derived from the service CRD ({@code spec.derive}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeriveConfig {

  @JsonPropertyDescription(
      "Per version, the fields tenants may see and set. When absent, every version and field of"
          + " the service CRD is exposed.")
  private List<VersionExposeConfig> expose;

  public DeriveConfig() {}

  public DeriveConfig(List<VersionExposeConfig> expose) {
    this.expose = expose == null ? null : new ArrayList<>(expose);
  }

  public List<VersionExposeConfig> getExpose() {
    return expose;
  }

  public void setExpose(List<VersionExposeConfig> expose) {
    this.expose = expose;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeriveConfig && Objects.equals(expose, ((DeriveConfig) o).expose);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(expose);
  }
}
