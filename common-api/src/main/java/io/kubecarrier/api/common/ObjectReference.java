package io.kubecarrier.api.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * A reference to another object by name, in the same namespace as the referring object (or
 * cluster-scoped, when the target kind is). What the name must look like is stated where the
 * reference is used.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ObjectReference {

  @Required
  @Size(min = 1, max = 253)
  @JsonPropertyDescription("Name of the referenced object.")
  private String name;

  public ObjectReference() {}

  public ObjectReference(String name) {
    this.name = name;
  }

  /** {@code new ObjectReference(name)}. */
  public static ObjectReference of(String name) {
    return new ObjectReference(name);
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ObjectReference && Objects.equals(name, ((ObjectReference) o).name);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
