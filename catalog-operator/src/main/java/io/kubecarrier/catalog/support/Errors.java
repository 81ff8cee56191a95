package io.kubecarrier.catalog.support;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns exceptions into messages a person can act on. */
public final class Errors {
  private Errors() {}

  /** A one-line description of {@code e}. */
  public static String describe(Throwable e) {
    if (e instanceof KubernetesClientException k) {
      String status =
          k.getStatus() != null && k.getStatus().getMessage() != null
              ? k.getStatus().getMessage()
              : k.getMessage();
      if (k.getCode() == 403) {
        return "the operator lacks a permission ("
            + status
            + "); check that k8s/rbac/catalog-operator.yaml is installed";
      }
      return "API call failed (HTTP " + k.getCode() + "): " + status;
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** Whether {@code e} is an HTTP 404 from the API server. */
  public static boolean isNotFound(Throwable e) {
    return e instanceof KubernetesClientException k && k.getCode() == 404;
  }

  /** Whether {@code e} is an HTTP 409 from the API server. */
  public static boolean isConflict(Throwable e) {
    return e instanceof KubernetesClientException k && k.getCode() == 409;
  }
}
