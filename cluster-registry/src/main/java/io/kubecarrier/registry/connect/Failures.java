package io.kubecarrier.registry.connect;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Reasons;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Classifies what went wrong when calling a service cluster, by walking the cause chain of the
 * client exception: rejected credentials, TLS failure, or no answer. Static and pure, so it is
 * tested on its own.
 */
public final class Failures {

  private Failures() {}

  /**
   * The condition reason and an actionable message for {@code error}, raised while calling the
   * service cluster at {@code server}.
   */
  public static ConnectionException classify(Throwable error, String server) {
    if (error instanceof ConnectionException ce) {
      return ce;
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException kce && kce.getCode() == 401) {
        return ConnectionException.permanent(
            Reasons.UNAUTHORIZED,
            "The API server at "
                + server
                + " rejected the credentials of the kubeconfig (HTTP 401). Put a valid token or"
                + " client certificate into the kubeconfig Secret, for example a new token of the"
                + " ServiceAccount of k8s/service-cluster/.");
      }
      if (t instanceof KubernetesClientException kce && kce.getCode() == 403) {
        return ConnectionException.permanent(
            Reasons.UNAUTHORIZED,
            "The API server at "
                + server
                + " denied a request of the kubeconfig's identity (HTTP 403: "
                + simpleMessage(
                    kce.getStatus() != null && kce.getStatus().getMessage() != null
                        ? new RuntimeException(kce.getStatus().getMessage())
                        : kce)
                + "). Give the identity the rights of k8s/service-cluster/ in the service"
                + " cluster.");
      }
      if (t instanceof SSLException || t instanceof CertificateException) {
        return ConnectionException.permanent(
            Reasons.TLS_ERROR,
            "The TLS handshake with "
                + server
                + " failed ("
                + simpleMessage(t)
                + "). Check certificate-authority-data and the server address in the kubeconfig:"
                + " the CA must have signed the API server's certificate for that host name.");
      }
      if (t instanceof UnknownHostException) {
        return unreachable(server, "unknown host " + simpleMessage(t));
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return unreachable(server, "connection refused");
      }
      if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
        return unreachable(server, "no answer within the request timeout");
      }
    }
    String text = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
    if (text.contains("timeout") || text.contains("timed out")) {
      return unreachable(server, "no answer within the request timeout");
    }
    if (error instanceof KubernetesClientException kce && kce.getCode() > 0) {
      return ConnectionException.transientFailure(
          Reasons.UNREACHABLE,
          "The API server at "
              + server
              + " answered HTTP "
              + kce.getCode()
              + " to a version request. Check the health of the service cluster's API server.");
    }
    return unreachable(server, simpleMessage(error));
  }

  /**
   * Like {@link #classify}, for the heartbeat's version request. That path is readable by every
   * user, so an HTTP 403 does not judge the credentials (a 401 does): it comes from an API server
   * whose authorizer is not ready yet, typically while it starts, and counts as no answer.
   */
  public static ConnectionException classifyHeartbeat(Throwable error, String server) {
    if (error instanceof KubernetesClientException kce && kce.getCode() == 403) {
      return unreachable(server, "it is not ready to serve requests yet: HTTP 403 on /version");
    }
    return classify(error, server);
  }

  private static ConnectionException unreachable(String server, String why) {
    return ConnectionException.transientFailure(
        Reasons.UNREACHABLE,
        "The API server at "
            + server
            + " does not answer ("
            + why
            + "). Check that it is running and that the cluster registry can reach this address.");
  }

  private static String simpleMessage(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
