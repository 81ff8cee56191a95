package io.kubecarrier.api.customresourcediscovery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import java.util.Objects;

/**
 * One version of a discovered CustomResourceDefinition, as the catalog operator needs it to build
 * the tenant-facing CRD.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "name",
  "served",
  "storage",
  "schema",
  "additionalPrinterColumns",
  "subresources"
})
public class DiscoveredCrdVersion {

  @JsonPropertyDescription("Version name, for example v1.")
  private String name;

  @JsonPropertyDescription("Whether the version is served by the service cluster API server.")
  private Boolean served;

  @JsonPropertyDescription("Whether this is the storage version.")
  private Boolean storage;

  @PreserveUnknownFields
  @JsonPropertyDescription("The openAPIV3Schema of the version, unchanged.")
  private JsonNode schema;

  @PreserveUnknownFields
  @JsonPropertyDescription("The additionalPrinterColumns of the version, unchanged.")
  private JsonNode additionalPrinterColumns;

  @PreserveUnknownFields
  @JsonPropertyDescription("The subresources of the version (status, scale), unchanged.")
  private JsonNode subresources;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Boolean getServed() {
    return served;
  }

  public void setServed(Boolean served) {
    this.served = served;
  }

  public Boolean getStorage() {
    return storage;
  }

  public void setStorage(Boolean storage) {
    this.storage = storage;
  }

  public JsonNode getSchema() {
    return schema;
  }

  public void setSchema(JsonNode schema) {
    this.schema = schema;
  }

  public JsonNode getAdditionalPrinterColumns() {
    return additionalPrinterColumns;
  }

  public void setAdditionalPrinterColumns(JsonNode additionalPrinterColumns) {
    this.additionalPrinterColumns = additionalPrinterColumns;
  }

  public JsonNode getSubresources() {
    return subresources;
  }

  public void setSubresources(JsonNode subresources) {
    this.subresources = subresources;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    DiscoveredCrdVersion that = (DiscoveredCrdVersion) o;
    return Objects.equals(name, that.name)
        && Objects.equals(served, that.served)
        && Objects.equals(storage, that.storage)
        && Objects.equals(schema, that.schema)
        && Objects.equals(additionalPrinterColumns, that.additionalPrinterColumns)
        && Objects.equals(subresources, that.subresources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, served, storage, schema, additionalPrinterColumns, subresources);
  }
}
