package io.kubecarrier.api.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.kubecarrier.api.common.LabelSelector;
import java.util.Objects;

/** Desired state of a {@link Catalog}. An absent selector selects everything, like an empty one. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"catalogEntrySelector", "tenantSelector"})
public class CatalogSpec {

  @JsonPropertyDescription(
      "Selects the CatalogEntries (same namespace) to publish. Empty or " + "absent selects all.")
  private LabelSelector catalogEntrySelector;

  @JsonPropertyDescription(
      "Selects the Tenants (same namespace) to publish to. Empty or absent " + "selects all.")
  private LabelSelector tenantSelector;

  public LabelSelector getCatalogEntrySelector() {
    return catalogEntrySelector;
  }

  public void setCatalogEntrySelector(LabelSelector catalogEntrySelector) {
    this.catalogEntrySelector = catalogEntrySelector;
  }

  public LabelSelector getTenantSelector() {
    return tenantSelector;
  }

  public void setTenantSelector(LabelSelector tenantSelector) {
    this.tenantSelector = tenantSelector;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    CatalogSpec that = (CatalogSpec) o;
    return Objects.equals(catalogEntrySelector, that.catalogEntrySelector)
        && Objects.equals(tenantSelector, that.tenantSelector);
  }

  @Override
  public int hashCode() {
    return Objects.hash(catalogEntrySelector, tenantSelector);
  }
}
