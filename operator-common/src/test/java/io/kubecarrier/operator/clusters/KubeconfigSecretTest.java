package io.kubecarrier.operator.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kubecarrier.api.common.Reasons;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeconfigSecretTest {

  @Test
  void readsDataOrStringData() throws ConnectionException {
    String text = "apiVersion: v1\nkind: Config\n";
    String b64 = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    assertThat(
            Kubeconfigs.read(
                new SecretBuilder().withData(Map.of(Kubeconfigs.KEY, b64)).build(), "acme", "eu"))
        .isEqualTo(text);
    assertThat(
            Kubeconfigs.read(
                new SecretBuilder().withStringData(Map.of(Kubeconfigs.KEY, text)).build(),
                "acme",
                "eu"))
        .isEqualTo(text);
  }

  @Test
  void aMissingSecretOrKeyIsPermanentAndSaysWhatToDo() {
    assertThatThrownBy(() -> Kubeconfigs.read(null, "acme", "eu"))
        .isInstanceOfSatisfying(
            ConnectionException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.SECRET_NOT_FOUND);
              assertThat(e.isTransient()).isFalse();
              assertThat(e.getMessage()).contains("acme/eu").contains("'kubeconfig'");
            });
    assertThatThrownBy(
            () ->
                Kubeconfigs.read(
                    new SecretBuilder().withData(Map.of("other", "eA==")).build(), "acme", "eu"))
        .isInstanceOfSatisfying(
            ConnectionException.class,
            e -> assertThat(e.reason()).isEqualTo(Reasons.SECRET_KEY_MISSING));
  }
}
