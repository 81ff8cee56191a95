package io.kubecarrier.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.testkit.K8sBinaries;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.Kubectl;
import io.kubecarrier.testkit.OperatorProcess;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The install of {@code kubectl apply -k k8s/}: rendered by the pinned kubectl's kustomize,
 * validated object by object by a real API server (server-side dry run, strict field validation),
 * and linted for what a platform team requires of every container.
 */
class InstallManifestsIT {

  static KubeCluster management;
  static List<HasMetadata> rendered;

  @BeforeAll
  static void render() throws Exception {
    management = KubeClusters.shared().management();
    Kubectl.Result r =
        management.kubectl("kustomize", K8sBinaries.repoRoot().resolve("k8s").toString());
    r.assertSuccess();
    rendered =
        management
            .adminClient()
            .load(new ByteArrayInputStream(r.output().getBytes(StandardCharsets.UTF_8)))
            .items();
  }

  @Test
  void everyObjectIsAcceptedByTheApiServerWithStrictFieldValidation() throws Exception {
    KubernetesClient admin = management.adminClient();
    // Namespaced objects are dry-run into a namespace that exists; the Namespace object itself is
    // dry-run too.
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("kubecarrier-system")
                .endMetadata()
                .build())
        .serverSideApply();
    Path file = Files.createTempFile("kubecarrier-install", ".yaml");
    Files.writeString(
        file,
        management.kubectl("kustomize", K8sBinaries.repoRoot().resolve("k8s").toString()).output());
    Kubectl.Result dryRun =
        management.kubectl(
            "apply",
            "--server-side",
            "--dry-run=server",
            "--validate=strict",
            "--field-manager=install-test",
            "-f",
            file.toString());
    dryRun.assertSuccess();
    assertThat(dryRun.output().lines().filter(l -> l.contains("(server dry run)")).count())
        .isEqualTo(rendered.size());
  }

  @Test
  void installsTheCrdsAndFourOperatorsWithTheirRbac() {
    assertThat(rendered.stream().filter(CustomResourceDefinition.class::isInstance).count())
        .isEqualTo(11);
    assertThat(
            rendered.stream()
                .filter(Deployment.class::isInstance)
                .map(o -> o.getMetadata().getName()))
        .containsExactlyInAnyOrderElementsOf(Hub.OPERATORS);
    for (String op : Hub.OPERATORS) {
      assertThat(
              rendered.stream()
                  .filter(ClusterRole.class::isInstance)
                  .map(o -> o.getMetadata().getName())
                  .filter(n -> n.startsWith(op) || n.contains(op)))
          .as("ClusterRoles of %s", op)
          .isNotEmpty();
    }
    rendered.stream()
        .filter(o -> !(o instanceof CustomResourceDefinition))
        .filter(o -> !o.getKind().startsWith("Cluster") && !o.getKind().equals("Namespace"))
        .forEach(
            o ->
                assertThat(o.getMetadata().getNamespace())
                    .as(o.getKind() + " " + o.getMetadata().getName())
                    .isEqualTo("kubecarrier-system"));
  }

  @Test
  void everyContainerHasProbesLimitsAndARestrictedSecurityContext() {
    List<Deployment> deployments =
        rendered.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast).toList();
    assertThat(deployments).hasSize(4);
    for (Deployment d : deployments) {
      String name = d.getMetadata().getName();
      assertThat(d.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(name);
      for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
        assertThat(c.getImage()).as(name).startsWith("kubecarrier/" + name + ":");
        assertThat(c.getLivenessProbe()).as(name + " liveness").isNotNull();
        assertThat(c.getReadinessProbe()).as(name + " readiness").isNotNull();
        assertThat(c.getResources().getLimits()).as(name + " limits").containsKeys("cpu", "memory");
        assertThat(c.getResources().getRequests())
            .as(name + " requests")
            .containsKeys("cpu", "memory");
        // the operator processes of tests and benchmarks run with the JVM this container gets
        assertThat(c.getResources().getLimits().get("memory").toString())
            .as(name + " memory limit")
            .isEqualTo(OperatorProcess.memoryLimit(name));
        assertThat(c.getEnv())
            .as(name + " JVM flags")
            .anyMatch(
                e ->
                    e.getName().equals("JAVA_TOOL_OPTIONS")
                        && e.getValue().equals(OperatorProcess.JVM_OPTIONS));
        OperatorProcess.ENVIRONMENT.forEach(
            (k, v) ->
                assertThat(c.getEnv())
                    .as(name + " " + k)
                    .anyMatch(e -> e.getName().equals(k) && e.getValue().equals(v)));
        var sc = c.getSecurityContext();
        assertThat(sc).as(name + " securityContext").isNotNull();
        assertThat(sc.getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
        assertThat(sc.getReadOnlyRootFilesystem()).as(name + " readOnlyRootFilesystem").isTrue();
        assertThat(sc.getAllowPrivilegeEscalation())
            .as(name + " allowPrivilegeEscalation")
            .isFalse();
        assertThat(sc.getCapabilities().getDrop()).as(name + " capabilities").contains("ALL");
      }
    }
  }
}
