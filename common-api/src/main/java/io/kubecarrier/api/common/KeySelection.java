package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** One data key of a related Secret or ConfigMap that travels, optionally under another key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeySelection {

  static final String KEY_PATTERN = "^[-._a-zA-Z0-9]{1,253}$";

  @Required
  @Size(max = 253)
  @Pattern(KEY_PATTERN)
  @JsonPropertyDescription("Key in the source object's data.")
  private String key;

  @JsonProperty("as")
  @Size(max = 253)
  @Pattern(KEY_PATTERN)
  @JsonPropertyDescription("Key in the copy; default: the same key.")
  private String as;

  public KeySelection() {}

  public KeySelection(String key, String as) {
    this.key = key;
    this.as = as;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getAs() {
    return as;
  }

  public void setAs(String as) {
    this.as = as;
  }

  /** The key in the copy. */
  public String target() {
    return as == null || as.isEmpty() ? key : as;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeySelection k && Objects.equals(key, k.key) && Objects.equals(as, k.as);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, as);
  }
}
