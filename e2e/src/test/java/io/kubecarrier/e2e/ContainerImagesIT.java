package io.kubecarrier.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.e2e.lifecycle.SharedHub;
import io.kubecarrier.testkit.GeneratedFiles;
import io.kubecarrier.testkit.K8sBinaries;
import io.kubecarrier.testkit.OperatorContainers;
import io.kubecarrier.testkit.OperatorProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The images of {@code hack/images.sh} (docs/images.md), in the e2e module's {@code containers}
 * execution, where the shared hub runs the four operators as podman containers and WalkthroughIT
 * runs the walkthrough against them: each operator's container runs its own image, hardened as its
 * Deployment in {@code k8s/} (user 185, read-only root filesystem, no capability, its memory
 * limit), reached {@code /q/health/ready} as its ServiceAccount; the images carry their version;
 * the bundle image holds exactly {@code bundle/}.
 */
class ContainerImagesIT {

  static Hub hub;
  static String version;

  @BeforeAll
  static void startHub() {
    assertThat(OperatorContainers.enabled())
        .as("ContainerImagesIT runs where -Dkc.operators.runtime=podman (the containers execution)")
        .isTrue();
    version = System.getProperty("kc.project.version");
    assertThat(version).as("-Dkc.project.version").isNotBlank();
    hub = SharedHub.get();
  }

  @Test
  void eachOperatorRunsItsOwnImageHardenedAsItsDeployment() throws Exception {
    for (String module : Hub.OPERATORS) {
      OperatorProcess operator = hub.operator(module);
      String container = operator.container().orElseThrow();
      assertThat(OperatorContainers.inspect(container, "{{.ImageName}}"))
          .as(module + "'s image")
          .isEqualTo("localhost/kubecarrier/" + module + ":" + version)
          .isEqualTo(OperatorContainers.image(module));
      assertThat(OperatorContainers.inspect(container, "{{.State.Status}}")).isEqualTo("running");
      assertThat(OperatorContainers.inspect(container, "{{.HostConfig.ReadonlyRootfs}}"))
          .as(module + ": read-only root filesystem")
          .isEqualTo("true");
      assertThat(OperatorContainers.inspect(container, "{{.HostConfig.Memory}}"))
          .as(module + ": the memory limit of its Deployment")
          .isEqualTo(
              Long.toString(
                  Long.parseLong(OperatorProcess.memoryLimit(module).replace("Mi", "")) << 20));
      assertThat(OperatorContainers.inspect(container, "{{.EffectiveCaps}}"))
          .as(module + ": capabilities")
          .isIn("[]", "<no value>");
      // the JVM itself runs as uid 185, as runAsUser in k8s/patches/hardening.yaml
      List<String> status = Files.readAllLines(Path.of("/proc", operator.pid() + "", "status"));
      assertThat(status)
          .as(module + "'s JVM (pid " + operator.pid() + ")")
          .anySatisfy(l -> assertThat(l).matches("Uid:\\s+185\\s+185\\s+185\\s+185"))
          .anySatisfy(l -> assertThat(l).matches("Name:\\s+java"));
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(operator.baseUrl() + "/q/health/ready"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(module + " ready: " + ready.body()).isEqualTo(200);
    }
  }

  @Test
  void aKilledOperatorContainerIsGoneAndItsImageStartsAgain() {
    OperatorProcess operator = hub.operator("account-operator");
    String container = operator.container().orElseThrow();
    long before = operator.pid();
    operator.kill();
    assertThat(OperatorContainers.podman("ps", "--all", "--format", "{{.Names}}").lines())
        .as("containers after SIGKILL of " + container)
        .doesNotContain(container);
    assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive).orElse(false))
        .as("the killed JVM (pid " + before + ")")
        .isFalse();
    operator.start(java.time.Duration.ofMinutes(3));
    assertThat(OperatorContainers.inspect(container, "{{.State.Status}}")).isEqualTo("running");
    assertThat(operator.pid()).isPositive().isNotEqualTo(before);
  }

  @Test
  void theImagesCarryTheirVersionAndAreBuiltOnTheProjectsOwnBase() {
    String base = OperatorContainers.images().get("jre-base");
    assertThat(base).as("the base image").startsWith("localhost/kubecarrier/jre-base:bookworm-");
    for (String module : Hub.OPERATORS) {
      String image = OperatorContainers.image(module);
      assertThat(label(image, "org.opencontainers.image.version")).isEqualTo(version);
      assertThat(label(image, "org.opencontainers.image.title")).isEqualTo(module);
      assertThat(OperatorContainers.inspect(image, "{{.Config.User}}")).isEqualTo("185");
      assertThat(OperatorContainers.inspect(image, "{{json .Config.Entrypoint}}"))
          .isEqualTo("[\"java\",\"-jar\",\"/deployments/quarkus-run.jar\"]");
      // the base image's layer is the first layer of every operator image
      assertThat(OperatorContainers.inspect(image, "{{index .RootFS.Layers 0}}"))
          .isEqualTo(OperatorContainers.inspect(base, "{{index .RootFS.Layers 0}}"));
    }
  }

  @Test
  void theBundleImageHoldsTheBundleWithItsAnnotationsAsLabels() throws Exception {
    String image = OperatorContainers.images().get("kubecarrier-bundle");
    assertThat(image).isEqualTo("localhost/kubecarrier/kubecarrier-bundle:" + version);
    assertThat(label(image, "operators.operatorframework.io.bundle.package.v1"))
        .isEqualTo("kubecarrier");
    assertThat(label(image, "operators.operatorframework.io.bundle.mediatype.v1"))
        .isEqualTo("registry+v1");
    Path bundle = K8sBinaries.repoRoot().resolve("bundle");
    Set<String> expected =
        GeneratedFiles.filesUnder(bundle).stream()
            .filter(f -> f.startsWith("manifests/") || f.startsWith("metadata/"))
            .collect(Collectors.toSet());
    assertThat(filesOf(image)).isEqualTo(expected);
  }

  private static String label(String image, String name) {
    return OperatorContainers.inspect(image, "{{index .Config.Labels \"" + name + "\"}}");
  }

  /** The regular files of an image's filesystem (from podman export of a created container). */
  private static Set<String> filesOf(String image) throws IOException, InterruptedException {
    String name = "kc-files-" + ProcessHandle.current().pid();
    Path tar = Files.createTempFile("kc-image", ".tar");
    try {
      OperatorContainers.podman("create", "--replace", "--name", name, image, "/none");
      OperatorContainers.podman("export", "--output", tar.toString(), name);
      Process list = new ProcessBuilder("tar", "-tvf", tar.toString()).start();
      String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(list.waitFor()).as("tar -tvf").isZero();
      return out.lines()
          .filter(l -> l.startsWith("-"))
          .map(l -> l.substring(l.lastIndexOf(' ') + 1))
          .collect(Collectors.toSet());
    } finally {
      OperatorContainers.podman("rm", "--force", "--ignore", name);
      Files.deleteIfExists(tar);
    }
  }
}
