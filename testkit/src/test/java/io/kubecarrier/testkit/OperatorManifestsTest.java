package io.kubecarrier.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transformations of what Quarkus generates into the committed k8s/ manifests. */
class OperatorManifestsTest {

  static Path generated() throws URISyntaxException {
    return Path.of(OperatorManifestsTest.class.getResource("/quarkus-generated.yml").toURI());
  }

  @SuppressWarnings("unchecked")
  static List<HasMetadata> parse(String yaml) {
    Object o =
        Serialization.unmarshal(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    return o instanceof List<?> l ? (List<HasMetadata>) l : List.of((HasMetadata) o);
  }

  @Test
  void rbacKeepsOnlyRbacObjectsInTheSystemNamespaceWithUniqueNames() throws Exception {
    List<HasMetadata> rbac = parse(OperatorRbac.fromGenerated(generated(), "example-operator"));
    assertThat(rbac)
        .extracting(HasMetadata::getKind)
        .containsOnly("ClusterRole", "ClusterRoleBinding", "RoleBinding", "ServiceAccount");
    assertThat(rbac)
        .extracting(o -> o.getMetadata().getName())
        .noneMatch(n -> n.startsWith("josdk-"));
    rbac.stream()
        .filter(ClusterRoleBinding.class::isInstance)
        .map(ClusterRoleBinding.class::cast)
        .flatMap(b -> b.getSubjects().stream())
        .forEach(s -> assertThat(s.getNamespace()).isEqualTo("kubecarrier-system"));
    // deterministic: the same input gives byte-identical output
    assertThat(OperatorRbac.fromGenerated(generated(), "example-operator"))
        .isEqualTo(OperatorRbac.fromGenerated(generated(), "example-operator"));
  }

  @Test
  void workloadIsTheDeploymentAndServiceWithoutBuildSpecificMetadata() throws Exception {
    String yaml = OperatorWorkload.fromGenerated(generated(), "example-operator");
    List<HasMetadata> objects = parse(yaml);
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactlyInAnyOrder("Deployment", "Service");
    Deployment d =
        objects.stream()
            .filter(Deployment.class::isInstance)
            .map(Deployment.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(d.getMetadata().getNamespace()).isEqualTo("kubecarrier-system");
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("kubecarrier/example-operator:latest");
    assertThat(yaml).doesNotContain("app.quarkus.io/").doesNotContain("app.kubernetes.io/version");
  }
}
