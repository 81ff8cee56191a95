package io.kubecarrier.registry.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.Test;

class ServiceClusterConnectionTest {

  @Test
  void serviceAccountUsersBecomeServiceAccountSubjects() {
    Subject s =
        ServiceClusterConnection.subjectOf("system:serviceaccount:kubecarrier-system:kubecarrier");
    assertThat(s.getKind()).isEqualTo("ServiceAccount");
    assertThat(s.getNamespace()).isEqualTo("kubecarrier-system");
    assertThat(s.getName()).isEqualTo("kubecarrier");
  }

  @Test
  void otherUsersBecomeUserSubjects() {
    Subject s = ServiceClusterConnection.subjectOf("kubecarrier@example.com");
    assertThat(s.getKind()).isEqualTo("User");
    assertThat(s.getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
    assertThat(s.getName()).isEqualTo("kubecarrier@example.com");
  }
}
