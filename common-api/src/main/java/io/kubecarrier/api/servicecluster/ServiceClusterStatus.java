package io.kubecarrier.api.servicecluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.kubecarrier.api.common.KubeCarrierStatus;
import java.util.Objects;

/**
 * Observed state of a {@link ServiceCluster}, written by the cluster registry. Conditions: Ready,
 * ServiceClusterReachable, CredentialsExpiring.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "observedGeneration",
  "kubernetesVersion",
  "lastHeartbeatTime",
  "credentials",
  "conditions"
})
public class ServiceClusterStatus extends KubeCarrierStatus {

  @JsonPropertyDescription(
      "Kubernetes version reported by the service cluster at the last "
          + "heartbeat, for example v1.35.4.")
  private String kubernetesVersion;

  @JsonPropertyDescription("Time (RFC 3339, UTC) of the last successful heartbeat.")
  private String lastHeartbeatTime;

  @JsonPropertyDescription(
      "When the credentials of the kubeconfig Secret expire, as far as the registry can read it"
          + " (a JWT bearer token's exp claim, a client certificate's notAfter). Absent when they"
          + " carry no readable expiry or no kubeconfig could be read.")
  private Credentials credentials;

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

  public Credentials getCredentials() {
    return credentials;
  }

  public void setCredentials(Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public boolean equals(Object o) {
    if (!super.equals(o)) {
      return false;
    }
    ServiceClusterStatus that = (ServiceClusterStatus) o;
    return Objects.equals(kubernetesVersion, that.kubernetesVersion)
        && Objects.equals(lastHeartbeatTime, that.lastHeartbeatTime)
        && Objects.equals(credentials, that.credentials);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), kubernetesVersion, lastHeartbeatTime, credentials);
  }

  /** When the kubeconfig's credentials expire ({@code status.credentials}). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"expiresAt", "source"})
  public static class Credentials {

    @JsonPropertyDescription(
        "Time (RFC 3339, UTC) at which the credentials expire; with a token and a client"
            + " certificate, the earlier of the two.")
    private String expiresAt;

    @JsonPropertyDescription("Which credential expires then: token or clientCertificate.")
    private String source;

    public Credentials() {}

    public Credentials(String expiresAt, String source) {
      this.expiresAt = expiresAt;
      this.source = source;
    }

    public String getExpiresAt() {
      return expiresAt;
    }

    public void setExpiresAt(String expiresAt) {
      this.expiresAt = expiresAt;
    }

    public String getSource() {
      return source;
    }

    public void setSource(String source) {
      this.source = source;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Credentials c
          && Objects.equals(expiresAt, c.expiresAt)
          && Objects.equals(source, c.source);
    }

    @Override
    public int hashCode() {
      return Objects.hash(expiresAt, source);
    }
  }
}
