package io.kubecarrier.api.customresourcediscovery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.kubecarrier.api.common.KubeCarrierStatus;
import java.util.Objects;

/**
 * Observed state of a {@link CustomResourceDiscovery}, written by the cluster registry. Conditions:
 * Ready, Discovered.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CustomResourceDiscoveryStatus extends KubeCarrierStatus {

  @JsonPropertyDescription("The discovered CRD; absent until it was found.")
  private DiscoveredCrd crd;

  public DiscoveredCrd getCrd() {
    return crd;
  }

  public void setCrd(DiscoveredCrd crd) {
    this.crd = crd;
  }

  @Override
  public boolean equals(Object o) {
    if (!super.equals(o)) {
      return false;
    }
    CustomResourceDiscoveryStatus that = (CustomResourceDiscoveryStatus) o;
    return Objects.equals(crd, that.crd);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), crd);
  }
}
