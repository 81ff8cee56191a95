package io.kubecarrier.api.provider;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kubecarrier.api.common.DisplayMetadata;
import java.util.Objects;

/** Data of a {@link Provider}, written by the catalog operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProviderSpec {

  @JsonPropertyDescription("Texts that describe the provider, from its Account.")
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
    ProviderSpec that = (ProviderSpec) o;
    return Objects.equals(metadata, that.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(metadata);
  }
}
