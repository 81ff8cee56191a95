package io.kubecarrier.account;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Short, readable error texts for conditions and events. */
final class Errors {
  private Errors() {}

  /** The API server's message and code, without the request URL noise of the client. */
  static String describe(Exception e) {
    if (e instanceof KubernetesClientException k
        && k.getStatus() != null
        && k.getStatus().getMessage() != null) {
      return k.getStatus().getMessage() + " (HTTP " + k.getCode() + ")";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
