package io.kubecarrier.registry.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * When the credentials of a kubeconfig expire, as far as they say so themselves: the {@code exp}
 * claim of a bearer token that is a JWT (a ServiceAccount token from the TokenRequest API, an OIDC
 * ID token; the signature is not checked, only the service cluster can), and the notAfter of a
 * client certificate (the earliest of the certificates in {@code client-certificate-data}). With
 * both, the earlier one. Opaque tokens (static token files, bootstrap tokens), legacy
 * ServiceAccount token Secrets (JWTs without {@code exp}) and basic auth carry no expiry: none is
 * known. Pure.
 *
 * @param expiresAt when the credential expires
 * @param source {@link #TOKEN} or {@link #CLIENT_CERTIFICATE}
 */
public record CredentialExpiry(Instant expiresAt, String source) {

  public static final String TOKEN = "token";
  public static final String CLIENT_CERTIFICATE = "clientCertificate";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The expiry of the credentials of {@code config} (a parsed kubeconfig), if any is known. */
  public static Optional<CredentialExpiry> of(Config config) {
    return of(config.getOauthToken(), config.getClientCertData());
  }

  /**
   * The earlier of the token's and the certificate's expiry.
   *
   * @param token a bearer token, or null
   * @param clientCertData base64 of the PEM client certificate(s), as in {@code
   *     client-certificate-data}, or null
   */
  public static Optional<CredentialExpiry> of(String token, String clientCertData) {
    return Stream.of(
            tokenExpiry(token).map(t -> new CredentialExpiry(t, TOKEN)),
            certificateExpiry(clientCertData).map(t -> new CredentialExpiry(t, CLIENT_CERTIFICATE)))
        .flatMap(Optional::stream)
        .min(Comparator.comparing(CredentialExpiry::expiresAt));
  }

  /**
   * The {@code exp} claim (seconds since the epoch) of a JWT: three base64url parts separated by
   * dots, the second a JSON object. Anything else (an opaque token, a JWT without {@code exp} or
   * with a non-numeric one) has none.
   */
  public static Optional<Instant> tokenExpiry(String token) {
    if (token == null) {
      return Optional.empty();
    }
    String[] parts = token.trim().split("\\.", -1);
    if (parts.length != 3 || parts[1].isEmpty()) {
      return Optional.empty();
    }
    try {
      byte[] payload = Base64.getUrlDecoder().decode(stripPadding(parts[1]));
      JsonNode claims = JSON.readTree(payload);
      JsonNode exp = claims == null ? null : claims.get("exp");
      if (exp == null || !exp.isNumber()) {
        return Optional.empty();
      }
      return Optional.of(Instant.ofEpochSecond(exp.asLong()));
    } catch (IllegalArgumentException | java.io.IOException e) {
      return Optional.empty(); // not base64url or not JSON: not a JWT
    }
  }

  /**
   * The earliest notAfter of the X.509 certificates in {@code clientCertData} (base64 of PEM, or of
   * DER); none when it is absent or not a certificate (the kubeconfig is then refused by the client
   * anyway).
   */
  public static Optional<Instant> certificateExpiry(String clientCertData) {
    if (clientCertData == null || clientCertData.isBlank()) {
      return Optional.empty();
    }
    try {
      byte[] data = Base64.getMimeDecoder().decode(clientCertData.trim());
      Collection<? extends java.security.cert.Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(data));
      return certs.stream()
          .filter(X509Certificate.class::isInstance)
          .map(c -> ((X509Certificate) c).getNotAfter().toInstant())
          .min(Comparator.naturalOrder());
    } catch (IllegalArgumentException | CertificateException e) {
      return Optional.empty();
    }
  }

  private static String stripPadding(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '=') {
      end--;
    }
    return s.substring(0, end);
  }

  /** For messages: {@code token} or {@code client certificate}. */
  public String describe() {
    return CLIENT_CERTIFICATE.equals(source) ? "client certificate" : "token";
  }
}
