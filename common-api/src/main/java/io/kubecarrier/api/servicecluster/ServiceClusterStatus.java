package io.kubecarrier.api.servicecluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.kubecarrier.api.common.KubeCarrierStatus;
import java.util.Objects;

/**
 * Observed state of a {@link ServiceCluster}, written by the cluster registry. Conditions: Ready,
 * ServiceClusterReachable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "kubernetesVersion", "lastHeartbeatTime", "conditions"})
public class ServiceClusterStatus extends KubeCarrierStatus {

  @JsonPropertyDescription(
      "Kubernetes version reported by the service cluster at the last "
          + "heartbeat, for example v1.35.4.")
  private String kubernetesVersion;

  @JsonPropertyDescription("Time (RFC 3339, UTC) of the last successful heartbeat.")
  private String lastHeartbeatTime;

  public String getKubernetesVersion() {
    return kubernetesVersion;
  }

  public void setKubernetesVersion(String kubernetesVersion) {
    this.kubernetesVersion = kubernetesVersion;
  }

  public String getLastHeartbeatTime() {
    return lastHeartbeatTime;
  }

  public void setLastHeartbeatTime(String lastHeartbeatTime) {
    this.lastHeartbeatTime = lastHeartbeatTime;
  }

  @Override
  public boolean equals(Object o) {
    if (!super.equals(o)) {
      return false;
    }
    ServiceClusterStatus that = (ServiceClusterStatus) o;
    return Objects.equals(kubernetesVersion, that.kubernetesVersion)
        && Objects.equals(lastHeartbeatTime, that.lastHeartbeatTime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), kubernetesVersion, lastHeartbeatTime);
  }
}
