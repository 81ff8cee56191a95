package io.kubecarrier.api.account;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.kubecarrier.api.common.KubeCarrierStatus;
import io.kubecarrier.api.common.ObjectReference;
import java.util.Objects;

/**
 * Observed state of an {@link Account}, written by the account operator. Conditions: Ready,
 * NamespaceReady, RBACReady, TenantsReady.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "namespace", "conditions"})
public class AccountStatus extends KubeCarrierStatus {

  @JsonPropertyDescription(
      "The namespace of the account in the management cluster. It has the account's name and"
          + " is set once the namespace exists and belongs to the account.")
  private ObjectReference namespace;

  public ObjectReference getNamespace() {
    return namespace;
  }

  public void setNamespace(ObjectReference namespace) {
    this.namespace = namespace;
  }

  @Override
  public boolean equals(Object o) {
    return super.equals(o) && Objects.equals(namespace, ((AccountStatus) o).namespace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(super.hashCode(), namespace);
  }
}
