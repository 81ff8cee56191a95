package io.kubecarrier.operator.clusters;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.operator.errors.ApiErrors;
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
 * client exception: rejected credentials, TLS failure, no answer, a server error, or a request the
 * API server refused. Only the absence of an answer is "unreachable": an HTTP 409, 422 or 500 from
 * a write comes from a cluster that answered. Static and pure, so it is tested on its own.
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
                + firstLine(ApiErrors.message(kce))
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
    int code = ApiErrors.code(error);
    if (code == 429 || code >= 500) {
      return ConnectionException.transientFailure(
          Reasons.SERVER_ERROR,
          "The API server at "
              + server
              + " answered HTTP "
              + code
              + " ("
              + firstLine(ApiErrors.message(error))
              + "). It is reachable but failing or overloaded; check its health and its admission"
              + " webhooks. Retried.");
    }
    if (code >= 400) {
      // a conflict or a missing object changes by itself; an invalid request does not
      boolean changesByItself = code == 404 || code == 409;
      return new ConnectionException(
          Reasons.REQUEST_REJECTED,
          "The API server at "
              + server
              + " refused the request (HTTP "
              + code
              + ": "
              + firstLine(ApiErrors.message(error))
              + ")."
              + (changesByItself ? " Retried." : ""),
          changesByItself);
    }
    String text = String.valueOf(error.getMessage()).toLowerCase(Locale.ROOT);
    if (text.contains("timeout") || text.contains("timed out")) {
      return unreachable(server, "no answer within the request timeout");
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
            + "). Check that it is running and that the operator can reach this address.");
  }

  private static String simpleMessage(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    return firstLine(m);
  }

  private static String firstLine(String m) {
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
