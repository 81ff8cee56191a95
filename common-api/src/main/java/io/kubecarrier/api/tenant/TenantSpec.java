package io.kubecarrier.api.tenant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kubecarrier.api.common.DisplayMetadata;
import java.util.Objects;

/** Data of a {@link Tenant}, written by the account operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TenantSpec {

  @JsonPropertyDescription("Texts that describe the tenant, from its Account.")
  private DisplayMetadata metadata;

  public DisplayMetadata getMetadata() {
    return metadata;
  }

  public void setMetadata(DisplayMetadata metadata) {
    this.metadata = metadata;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    TenantSpec that = (TenantSpec) o;
    return Objects.equals(metadata, that.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metadata);
  }
}
