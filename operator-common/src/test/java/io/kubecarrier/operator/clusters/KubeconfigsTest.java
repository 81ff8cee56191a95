package io.kubecarrier.operator.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.kubecarrier.api.common.Reasons;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KubeconfigsTest {

  private static final String GOOD =
      """
      apiVersion: v1
      kind: Config
      clusters:
      - name: eu
        cluster:
          server: https://eu.example.com:6443
          certificate-authority-data: Q0E=
      users:
      - name: kc
        user:
          token: secret-token
      contexts:
      - name: kc@eu
        context:
          cluster: eu
          user: kc
      current-context: kc@eu
      """;

  @Test
  void acceptsInlineCredentialsAndTurnsOffRetries() throws Exception {
    Config config = Kubeconfigs.parse(GOOD, Duration.ofSeconds(3));
    assertThat(config.getMasterUrl()).startsWith("https://eu.example.com:6443");
    assertThat(config.getOauthToken()).isEqualTo("secret-token");
    assertThat(config.getCaCertData()).isEqualTo("Q0E=");
    assertThat(config.getRequestTimeout()).isEqualTo(3000);
    assertThat(config.getConnectionTimeout()).isEqualTo(3000);
    assertThat(config.getRequestRetryBackoffLimit()).isZero();
    assertThat(config.isTrustCerts()).isFalse();
  }

  @Test
  void refusesExecPluginsAndFileReferences() {
    assertInvalid(
        GOOD.replace("    token: secret-token", "    exec:\n      command: /bin/sh"),
        "exec credential plugin");
    assertInvalid(
        GOOD.replace("    token: secret-token", "    tokenFile: /etc/passwd"), "tokenFile");
    assertInvalid(
        GOOD.replace("certificate-authority-data: Q0E=", "certificate-authority: /ca.crt"),
        "certificate-authority file");
    assertInvalid(
        GOOD.replace(
            "    token: secret-token", "    client-certificate: /c.crt\n    client-key: /c.key"),
        "client certificate/key files");
    assertInvalid(
        GOOD.replace("    token: secret-token", "    auth-provider:\n      name: oidc"),
        "auth-provider");
  }

  @Test
  void refusesBrokenDocuments() {
    assertInvalid("this: [is not yaml", "not valid YAML");
    assertInvalid(GOOD.replace("current-context: kc@eu", ""), "current-context is not set");
    assertInvalid(
        GOOD.replace("current-context: kc@eu", "current-context: other"), "'other' is not defined");
    assertInvalid(
        GOOD.replace("    cluster: eu", "    cluster: us"), "cluster 'us' is not defined");
    assertInvalid(
        GOOD.replace("server: https://eu.example.com:6443", "server: ftp://x"),
        "not an http(s) URL");
  }

  private static void assertInvalid(String kubeconfig, String why) {
    assertThatThrownBy(() -> Kubeconfigs.parse(kubeconfig, Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            ConnectionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.INVALID_KUBECONFIG);
              assertThat(e.isTransient()).isFalse();
            })
        .hasMessageContaining(why)
        .hasMessageContaining("key 'kubeconfig'");
  }
}
