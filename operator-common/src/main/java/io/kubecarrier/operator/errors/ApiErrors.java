package io.kubecarrier.operator.errors;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;

/** Classifies and words errors of the Kubernetes client for conditions, events and logs. */
public final class ApiErrors {

  static final int MAX_MESSAGE = 1000;

  private ApiErrors() {}

  /** The HTTP status of the API server's answer, or 0 when there was no answer. */
  public static int code(Throwable e) {
    return e instanceof KubernetesClientException k ? Math.max(k.getCode(), 0) : 0;
  }

  /**
   * The API server's own message when there is one (without the client's request-URL noise), else
   * the innermost cause's message; at most {@value #MAX_MESSAGE} characters.
   */
  public static String message(Throwable e) {
    if (e instanceof KubernetesClientException k
        && k.getStatus() != null
        && k.getStatus().getMessage() != null) {
      return shorten(k.getStatus().getMessage());
    }
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return shorten(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
  }

  /**
   * A one-line description for a condition message: the API server's message and the HTTP code,
   * with what to do about a 403 (the operator's ClusterRole from {@code k8s/rbac/} is missing a
   * rule).
   */
  public static String describe(Throwable e) {
    int code = code(e);
    if (code == 0) {
      return message(e);
    }
    if (code == 403) {
      return "the operator lacks a permission ("
          + message(e)
          + "); check that its ClusterRole from k8s/rbac/ is installed";
    }
    return message(e) + " (HTTP " + code + ")";
  }

  /** The API server did not answer (no HTTP status): connection refused, timeout, TLS. */
  public static boolean isConnectionError(Throwable e) {
    if (code(e) > 0) {
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

  /** The request was refused as invalid (400, 422): retrying the same request will not help. */
  public static boolean isRejected(Throwable e) {
    int code = code(e);
    return code == 400 || code == 422;
  }

  public static boolean isNotFound(Throwable e) {
    return code(e) == 404;
  }

  public static boolean isConflict(Throwable e) {
    return code(e) == 409;
  }

  public static boolean isForbidden(Throwable e) {
    return code(e) == 403;
  }

  private static String shorten(String m) {
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) : m;
  }
}
