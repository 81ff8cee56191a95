package io.kubecarrier.registry.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.kubecarrier.operator.clusters.Kubeconfigs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialExpiryTest {

  /** Self-signed, notAfter 2026-12-31T18:54:25Z (openssl req -x509 -days 30). */
  static final String SHORT_CERT =
      """
      -----BEGIN CERTIFICATE-----
      MIIBnzCCAUWgAwIBAgIUBDRoqfDuakU7t7H8JPOWvraFRNswCgYIKoZIzj0EAwIw
      JTEUMBIGA1UEAwwLa3ViZWNhcnJpZXIxDTALBgNVBAoMBHRlc3QwHhcNMjYxMjAx
      MTg1NDI1WhcNMjYxMjMxMTg1NDI1WjAlMRQwEgYDVQQDDAtrdWJlY2FycmllcjEN
      MAsGA1UECgwEdGVzdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABAxfEoS5xPqM
      TfHCdx/xPgdcwQa1o20loYQ+jLIlFYF3QR3kzFl4J8I9MNW3tJ2HZqqYkatYI/SP
      lIALZ+QtkNujUzBRMB0GA1UdDgQWBBRm5eBQWg75d3q/ml4Z8R1vRFZb7zAfBgNV
      HSMEGDAWgBRm5eBQWg75d3q/ml4Z8R1vRFZb7zAPBgNVHRMBAf8EBTADAQH/MAoG
      CCqGSM49BAMCA0gAMEUCIFMUuBUx0b/XJ+z7JfVleEVmyTI9xKS9KOhZruBmKDf/
      AiEAjoOXSqxlvy5Z2lv2WwLcHBZCghJ2rIMZRqxhRli4byw=
      -----END CERTIFICATE-----
      """;

  /** Self-signed, notAfter 2036-11-28T18:54:25Z. */
  static final String LONG_CERT =
      """
      -----BEGIN CERTIFICATE-----
      MIIBdTCCARugAwIBAgIUBceu+CIfU5kJkJQkRnOqBHgNnvIwCgYIKoZIzj0EAwIw
      EDEOMAwGA1UEAwwFb3RoZXIwHhcNMjYxMjAxMTg1NDI1WhcNMzYxMTI4MTg1NDI1
      WjAQMQ4wDAYDVQQDDAVvdGhlcjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABDaA
      q+LcQOTpbxWIHLYLphj/jZyg5fZipGgColdFninHPOUuGdYknXgV3y42jq7HKF4i
      1780VpO2bCmEC48PwVKjUzBRMB0GA1UdDgQWBBTs08Mr/oYSDVvV3ZxV+RhNWbRr
      EjAfBgNVHSMEGDAWgBTs08Mr/oYSDVvV3ZxV+RhNWbRrEjAPBgNVHRMBAf8EBTAD
      AQH/MAoGCCqGSM49BAMCA0gAMEUCIBAVjI/+O5zGVkf4vODKGxmAt9E0UC9ha2Of
      3+2dJNw5AiEA9Y+Y4ZTpDDwTxQq/uVfwssL4zWCu8a1egbmnQQiyOhA=
      -----END CERTIFICATE-----
      """;

  static final String KEY_DATA =
      "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEJHMHdhd0lCQVFRZy92OWtNY3YzSGhzVE40YysKSTdKMjJmYVZrRzVGTWF0THVxMlFEQWMwRTZ1aFJBTkNBQVFNWHhLRXVjVDZqRTN4d25jZjhUNEhYTUVHdGFOdApKYUdFUG95eUpSV0JkMEVkNU14WmVDZkNQVERWdDdTZGgyYXFtSkdyV0NQMGo1U0FDMmZrTFpEYgotLS0tLUVORCBQUklWQVRFIEtFWS0tLS0tCg==";

  static final Instant SHORT_NOT_AFTER = Instant.parse("2026-12-31T18:54:25Z");
  static final Instant LONG_NOT_AFTER = Instant.parse("2036-11-28T18:54:25Z");

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String b64url(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A JWT with {@code payload} (header and signature are not read). */
  static String jwt(String payload) {
    return b64url("{\"alg\":\"RS256\",\"kid\":\"k\"}") + "." + b64url(payload) + ".c2lnbmF0dXJl";
  }

  @Test
  void aServiceAccountTokenExpiresAtItsExpClaim() {
    String token =
        jwt(
            "{\"aud\":[\"https://kubernetes.default.svc\"],\"exp\":1767225600,\"iat\":1767222000,"
                + "\"iss\":\"https://kubernetes.default.svc\",\"sub\":\"system:serviceaccount:kubecarrier-system:kubecarrier\"}");
    assertThat(CredentialExpiry.tokenExpiry(token)).hasValue(Instant.ofEpochSecond(1767225600));
    assertThat(CredentialExpiry.of(token, null))
        .hasValue(new CredentialExpiry(Instant.ofEpochSecond(1767225600), CredentialExpiry.TOKEN));
  }

  @Test
  void paddedPayloadsAndUrlSafeCharactersAreRead() {
    // a payload whose base64url has '-' / '_' and, with padding kept, '='
    String payload = "{\"exp\":1767225600,\"sub\":\"??>>~~\"}";
    String padded = Base64.getUrlEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    assertThat(padded).containsAnyOf("-", "_", "=");
    assertThat(CredentialExpiry.tokenExpiry("eyJhbGciOiJub25lIn0." + padded + ".sig"))
        .hasValue(Instant.ofEpochSecond(1767225600));
  }

  @Test
  void tokensWithoutReadableExpiryHaveNone() {
    assertThat(CredentialExpiry.tokenExpiry(null)).isEmpty();
    assertThat(CredentialExpiry.tokenExpiry("not-a-valid-token")).isEmpty(); // opaque
    assertThat(CredentialExpiry.tokenExpiry("abcdef.0123456789abcdef")).isEmpty(); // bootstrap
    assertThat(CredentialExpiry.tokenExpiry("a.b.c")).isEmpty(); // not JSON
    assertThat(CredentialExpiry.tokenExpiry("a.%%%.c")).isEmpty(); // not base64url
    // a legacy ServiceAccount token Secret's JWT has no exp
    assertThat(
            CredentialExpiry.tokenExpiry(
                jwt(
                    "{\"iss\":\"kubernetes/serviceaccount\",\"sub\":\"system:serviceaccount:a:b\"}")))
        .isEmpty();
    assertThat(CredentialExpiry.tokenExpiry(jwt("{\"exp\":\"tomorrow\"}"))).isEmpty();
    assertThat(CredentialExpiry.tokenExpiry(jwt("[1,2]"))).isEmpty();
    assertThat(CredentialExpiry.of("not-a-valid-token", null)).isEmpty();
  }

  @Test
  void aClientCertificateExpiresAtItsNotAfterTheEarliestOfAChain() {
    assertThat(CredentialExpiry.certificateExpiry(b64(SHORT_CERT))).hasValue(SHORT_NOT_AFTER);
    assertThat(CredentialExpiry.certificateExpiry(b64(LONG_CERT + SHORT_CERT)))
        .hasValue(SHORT_NOT_AFTER);
    assertThat(CredentialExpiry.certificateExpiry(b64(LONG_CERT))).hasValue(LONG_NOT_AFTER);
    assertThat(CredentialExpiry.certificateExpiry(null)).isEmpty();
    assertThat(CredentialExpiry.certificateExpiry(b64("not a certificate"))).isEmpty();
    assertThat(CredentialExpiry.certificateExpiry("%%% not base64")).isEmpty();
  }

  @Test
  void withTokenAndCertificateTheEarlierCounts() {
    String later = jwt("{\"exp\":" + LONG_NOT_AFTER.plusSeconds(60).getEpochSecond() + "}");
    String earlier = jwt("{\"exp\":" + SHORT_NOT_AFTER.minusSeconds(60).getEpochSecond() + "}");
    assertThat(CredentialExpiry.of(later, b64(SHORT_CERT)))
        .hasValue(new CredentialExpiry(SHORT_NOT_AFTER, CredentialExpiry.CLIENT_CERTIFICATE));
    assertThat(CredentialExpiry.of(earlier, b64(SHORT_CERT)))
        .hasValue(new CredentialExpiry(SHORT_NOT_AFTER.minusSeconds(60), CredentialExpiry.TOKEN));
    assertThat(CredentialExpiry.of("opaque", b64(LONG_CERT)))
        .hasValue(new CredentialExpiry(LONG_NOT_AFTER, CredentialExpiry.CLIENT_CERTIFICATE));
  }

  @Test
  void readFromAParsedKubeconfig() throws Exception {
    String kubeconfig =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: eu
          cluster:
            server: https://eu.example:6443
        users:
        - name: kc
          user:
            client-certificate-data: %s
            client-key-data: %s
        contexts:
        - name: eu
          context:
            cluster: eu
            user: kc
        current-context: eu
        """
            .formatted(b64(SHORT_CERT), KEY_DATA);
    Config config = Kubeconfigs.parse(kubeconfig, Duration.ofSeconds(5));
    assertThat(CredentialExpiry.of(config))
        .hasValue(new CredentialExpiry(SHORT_NOT_AFTER, CredentialExpiry.CLIENT_CERTIFICATE));

    String withToken =
        kubeconfig.replace(
            "    client-certificate-data: ",
            "    token: " + jwt("{\"exp\":1767225600}") + "\n    client-certificate-data: ");
    assertThat(CredentialExpiry.of(Kubeconfigs.parse(withToken, Duration.ofSeconds(5))))
        .hasValue(new CredentialExpiry(Instant.ofEpochSecond(1767225600), CredentialExpiry.TOKEN));
  }
}
