package io.kubecarrier.api.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.kubecarrier.api.common.KubeCarrierStatus;
import io.kubecarrier.api.common.ObjectReference;
import java.util.List;
import java.util.Objects;

/**
 * Observed state of a {@link Catalog}, written by the catalog operator. Conditions: Ready,
 * Published, AssignmentsReady.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "observedGeneration",
  "entries",
  "tenants",
  "entryList",
  "tenantList",
  "conditions"
})
public class CatalogStatus extends KubeCarrierStatus {

  @JsonPropertyDescription("The selected CatalogEntries that are published.")
  private List<ObjectReference> entries;

  @JsonPropertyDescription("The selected Tenants the entries are published to.")
  private List<ObjectReference> tenants;

  @JsonPropertyDescription(
      "The names of the entries, comma-separated (for the ENTRIES column of kubectl get, which"
          + " prints only the first value of a list).")
  private String entryList;

  @JsonPropertyDescription(
      "The names of the tenants, comma-separated (for the TENANTS column of kubectl get, which"
          + " prints only the first value of a list).")
  private String tenantList;

  public List<ObjectReference> getEntries() {
    return entries;
  }

  public void setEntries(List<ObjectReference> entries) {
    this.entries = entries;
  }

  public List<ObjectReference> getTenants() {
    return tenants;
  }

  public void setTenants(List<ObjectReference> tenants) {
    this.tenants = tenants;
  }

  public String getEntryList() {
    return entryList;
  }

  public void setEntryList(String entryList) {
    this.entryList = entryList;
  }

  public String getTenantList() {
    return tenantList;
  }

  public void setTenantList(String tenantList) {
    this.tenantList = tenantList;
  }

  @Override
  public boolean equals(Object o) {
    if (!super.equals(o)) {
      return false;
    }
    CatalogStatus that = (CatalogStatus) o;
    return Objects.equals(entries, that.entries)
        && Objects.equals(tenants, that.tenants)
        && Objects.equals(entryList, that.entryList)
        && Objects.equals(tenantList, that.tenantList);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), entries, tenants, entryList, tenantList);
  }
}
