package io.kubecarrier.propagation;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;

/** Classifies and words errors of the Kubernetes client. */
final class Errors {
  private Errors() {}

  /** The API server's own message when there is one, else the first cause's message. */
  static String message(Throwable e) {
    if (e instanceof KubernetesClientException k
        && k.getStatus() != null
        && k.getStatus().getMessage() != null) {
      return k.getStatus().getMessage();
    }
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.length() > 1000 ? m.substring(0, 1000) : m;
  }

  /** The cluster did not answer (no HTTP status): connection refused, timeout, TLS. */
  static boolean isConnectionError(Throwable e) {
    if (e instanceof KubernetesClientException k && k.getCode() > 0) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return e instanceof KubernetesClientException;
  }

  /** The request was rejected as invalid (400, 422): retrying the same spec will not help. */
  static boolean isRejected(Throwable e) {
    return e instanceof KubernetesClientException k && (k.getCode() == 400 || k.getCode() == 422);
  }

  static boolean isNotFound(Throwable e) {
    return e instanceof KubernetesClientException k && k.getCode() == 404;
  }

  static boolean isConflict(Throwable e) {
    return e instanceof KubernetesClientException k && k.getCode() == 409;
  }
}
