package io.kubecarrier.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.testkit.KubeClusters;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events on a real API server: aggregated, re-created when gone, cluster-scoped ones findable. */
class EventRecorderIT {

  static KubeClusters clusters;
  static KubernetesClient client;
  static KubernetesClient writer;
  static EventRecorder events;

  /** The recorder writes as a user who may only create and patch events, as the operators do. */
  @BeforeAll
  static void start() {
    clusters =
        KubeClusters.start(
            Path.of("target/kc-clusters", Long.toString(ProcessHandle.current().pid())),
            List.of(KubeClusters.MANAGEMENT));
    client = clusters.management().adminClient();
    client
        .rbac()
        .clusterRoles()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName("event-writer")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("events")
                .withVerbs("create", "patch")
                .endRule()
                .build())
        .create();
    client
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName("event-writer")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "event-writer")
                .addNewSubject()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("User")
                .withName("event-writer")
                .endSubject()
                .build())
        .create();
    writer = clusters.management().impersonating("event-writer");
    events = new EventRecorder(writer, Clock.systemUTC(), "test-operator");
  }

  @AfterAll
  static void stop() {
    writer.close();
    clusters.close();
  }

  private static ConfigMap configMap(String ns) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    return client
        .configMaps()
        .inNamespace(ns)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("cm")
                .withNamespace(ns)
                .endMetadata()
                .build())
        .create();
  }

  private static List<Event> eventsOf(String ns, String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  @Test
  void theSameEventAgainRaisesItsCount() {
    String ns = "ev-" + UUID.randomUUID().toString().substring(0, 6);
    ConfigMap cm = configMap(ns);
    events.warning(cm, "Broken", "it is broken");
    events.warning(cm, "Broken", "it is broken");
    events.warning(cm, "Broken", "it is broken");
    events.warning(cm, "Broken", "it is broken differently");
    events.normal(cm, "Fixed", "it works");

    List<Event> seen = eventsOf(ns, "cm");
    assertThat(seen).hasSize(3);
    Event broken =
        seen.stream().filter(e -> "it is broken".equals(e.getMessage())).findFirst().orElseThrow();
    assertThat(broken.getCount()).isEqualTo(3);
    assertThat(broken.getType()).isEqualTo(EventRecorder.WARNING);
    assertThat(broken.getSource().getComponent()).isEqualTo("test-operator");
    assertThat(broken.getReportingComponent()).isEqualTo("test-operator");
    assertThat(broken.getInvolvedObject().getUid()).isEqualTo(cm.getMetadata().getUid());
  }

  @Test
  void anEventDeletedMeanwhileIsCreatedAgain() {
    String ns = "ev-" + UUID.randomUUID().toString().substring(0, 6);
    ConfigMap cm = configMap(ns);
    events.warning(cm, "Broken", "again and again");
    client.v1().events().inNamespace(ns).delete();
    events.warning(cm, "Broken", "again and again");
    assertThat(eventsOf(ns, "cm"))
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));
  }

  @Test
  void eventsOfClusterScopedObjectsGoToDefaultAndLongMessagesAreCut() {
    String name = "ev-" + UUID.randomUUID().toString().substring(0, 6);
    Namespace ns =
        client
            .namespaces()
            .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
            .create();
    events.warning(ns, "TooLong", "x".repeat(5000));
    assertThat(eventsOf(EventRecorder.CLUSTER_SCOPED_NAMESPACE, name))
        .singleElement()
        .satisfies(
            e -> assertThat(e.getMessage()).hasSize(EventRecorder.MAX_MESSAGE).endsWith("..."));
  }
}
