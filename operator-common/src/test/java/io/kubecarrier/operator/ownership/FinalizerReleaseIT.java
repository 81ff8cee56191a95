package io.kubecarrier.operator.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.testkit.KubeClusters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link FinalizerRelease#remove} on a real API server: it removes the finalizer of the object it
 * was given, never that of an object created again under the same name, and copes with others
 * changing the finalizer list meanwhile.
 */
class FinalizerReleaseIT {

  static final String OURS = "test.kubecarrier.io/ours";
  static final String THEIRS = "test.kubecarrier.io/theirs";
  static final String NS = "finalizers";

  static KubeClusters clusters;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    clusters =
        KubeClusters.start(
            Path.of(
                "target/kc-clusters",
                ProcessHandle.current().pid() + "-" + FinalizerReleaseIT.class.getSimpleName()),
            List.of(KubeClusters.MANAGEMENT));
    client = clusters.management().adminClient();
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  @AfterAll
  static void stop() {
    clusters.close();
  }

  private static ConfigMap create(String name, String... finalizers) {
    return client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withFinalizers(finalizers)
                .endMetadata()
                .build())
        .create();
  }

  private static ConfigMap deleting(String... finalizers) {
    ConfigMap created = create("cm-" + UUID.randomUUID().toString().substring(0, 8), finalizers);
    client.resource(created).delete();
    return client.resource(created).get();
  }

  private static ConfigMap current(ConfigMap cm) {
    return client.configMaps().inNamespace(NS).withName(cm.getMetadata().getName()).get();
  }

  @Test
  void removesTheFinalizerAndTheDeletionFinishes() {
    ConfigMap cm = deleting(OURS);

    assertThat(FinalizerRelease.remove(client, cm, OURS)).isTrue();

    await().atMost(Duration.ofSeconds(10)).until(() -> current(cm) == null);
  }

  @Test
  void leavesAnObjectCreatedAgainUnderTheSameNameAlone() {
    ConfigMap old = deleting(OURS);
    client.resource(old).edit(c -> withFinalizers(c));
    await().atMost(Duration.ofSeconds(10)).until(() -> current(old) == null);
    ConfigMap again = create(old.getMetadata().getName(), OURS);

    assertThat(FinalizerRelease.remove(client, old, OURS)).isFalse();

    ConfigMap now = current(again);
    assertThat(now.getMetadata().getUid()).isEqualTo(again.getMetadata().getUid());
    assertThat(now.getMetadata().getFinalizers()).containsExactly(OURS);
    client.resource(now).edit(c -> withFinalizers(c));
  }

  @Test
  void removesItsOwnWhenAnotherFinalizerWentMeanwhile() {
    ConfigMap stale = deleting(THEIRS, OURS);
    // someone else lets go first: ours moves from index 1 to 0, the stale copy still says 1
    client.resource(stale).edit(c -> withFinalizers(c, OURS));

    assertThat(FinalizerRelease.remove(client, stale, OURS)).isTrue();

    await().atMost(Duration.ofSeconds(10)).until(() -> current(stale) == null);
  }

  @Test
  void keepsTheOtherFinalizers() {
    ConfigMap cm = deleting(OURS, THEIRS);

    assertThat(FinalizerRelease.remove(client, cm, OURS)).isTrue();

    assertThat(current(cm).getMetadata().getFinalizers()).containsExactly(THEIRS);
    assertThat(FinalizerRelease.remove(client, current(cm), OURS)).isFalse();
    client.resource(current(cm)).edit(c -> withFinalizers(c));
  }

  @Test
  void isDoneWhenTheObjectIsGone() {
    ConfigMap cm = deleting(OURS);
    client.resource(cm).edit(c -> withFinalizers(c));
    await().atMost(Duration.ofSeconds(10)).until(() -> current(cm) == null);

    assertThat(FinalizerRelease.remove(client, cm, OURS)).isFalse();
  }

  private static ConfigMap withFinalizers(ConfigMap c, String... finalizers) {
    c.getMetadata().setFinalizers(List.of(finalizers));
    return c;
  }
}
