package io.kubecarrier.propagation;

import static io.kubecarrier.propagation.PropagationIT.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.Manifests;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "Where is it, and why is it not ready", seen by the tenant: the test acts as the service operator
 * of a service CRD of its own (no sample operator writes it) and writes Events and conditions about
 * the service object; the tenant instance shows them, with the service cluster named.
 */
@QuarkusTest
@TestProfile(AgentClusterProfile.class)
class ServiceEventsIT {

  static final String EU = KubeClusters.EU_WEST_1;

  @Test
  void serviceEventsAndReadinessReachTheTenant() {
    TestHub hub = TestHub.create("events", List.of(EU), Map.of());
    String group = hub.provider + ".svc.test";
    ResourceDefinitionContext serviceType = serviceCrd(hub.service(EU), group);
    hub.offer(List.of(), group);
    KubernetesClient svc = hub.service(EU);

    hub.createInstance("c1", EU, Map.of("version", "7.2"));
    eventually("c1 synced")
        .until(() -> hub.conditionIs("c1", ConditionTypes.SYNCED, "True", Reasons.SYNCED));
    GenericKubernetesResource c1 =
        svc.genericKubernetesResources(serviceType)
            .inNamespace(hub.serviceNs())
            .withName("c1")
            .get();

    // an Event of the service operator about the service object appears on the tenant instance
    Event warning =
        svc.v1()
            .events()
            .inNamespace(hub.serviceNs())
            .resource(event(c1, "BackupFailed", "disk full"))
            .create();
    eventually("the warning mirrored").until(() -> mirrored(hub, "c1", "BackupFailed").size() == 1);
    Event seen = mirrored(hub, "c1", "BackupFailed").get(0);
    assertThat(seen.getType()).isEqualTo("Warning");
    assertThat(seen.getMessage()).isEqualTo("[" + EU + "] disk full");
    assertThat(seen.getInvolvedObject().getUid())
        .isEqualTo(hub.tenant("c1").getMetadata().getUid());

    // repeated, as client-go's correlator does (count raised): one Event, count 5
    for (int count = 2; count <= 5; count++) {
      svc.v1()
          .events()
          .inNamespace(hub.serviceNs())
          .withName(warning.getMetadata().getName())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"count\":" + count + ",\"lastTimestamp\":\"" + Instant.now() + "\"}");
    }
    eventually("the repeats aggregated")
        .until(
            () ->
                mirrored(hub, "c1", "BackupFailed").stream()
                    .anyMatch(e -> Integer.valueOf(5).equals(e.getCount())));
    assertThat(mirrored(hub, "c1", "BackupFailed")).as("one Event, not five").hasSize(1);

    // an Event about an object that is not ours: a same-named object of someone else's, which
    // the tenant instance "foreign" refuses to take over (ForeignObject)
    GenericKubernetesResource other = new GenericKubernetesResource();
    other.setApiVersion(group + "/" + SampleRedisOperator.VERSION);
    other.setKind(SampleRedisOperator.KIND);
    other.setMetadata(new ObjectMeta());
    other.getMetadata().setName("foreign");
    other.getMetadata().setNamespace(hub.serviceNs());
    other.getMetadata().setAnnotations(Map.of(Annotations.ORPHANED_FROM, "elsewhere/foreign"));
    other.setAdditionalProperty("spec", Map.of("version", "6.0"));
    other =
        svc.genericKubernetesResources(serviceType)
            .inNamespace(hub.serviceNs())
            .resource(other)
            .create();
    hub.createInstance("foreign", EU, Map.of("version", "7.2"));
    eventually("foreign refused")
        .until(
            () ->
                hub.conditionIs("foreign", ConditionTypes.SYNCED, "False", Reasons.FOREIGN_OBJECT));
    svc.v1()
        .events()
        .inNamespace(hub.serviceNs())
        .resource(event(other, "ForeignEvent", "not yours"))
        .create();
    // and then one about c1: the Events of a namespace come in order, so once this one is
    // mirrored the foreign one has been seen (and must have been ignored)
    svc.v1()
        .events()
        .inNamespace(hub.serviceNs())
        .resource(event(c1, "AfterForeign", "barrier"))
        .create();
    eventually("the barrier mirrored").until(() -> mirrored(hub, "c1", "AfterForeign").size() == 1);
    assertThat(mirrored(hub, "foreign", "ForeignEvent")).isEmpty();
    assertThat(mirrored(hub, "c1", "ForeignEvent")).isEmpty();

    // the service object's Ready condition becomes ServiceReady, and follows it
    long generation = hub.tenant("c1").getMetadata().getGeneration();
    readyCondition(svc, serviceType, hub.serviceNs(), "False", "BackupRunning", "backup running");
    eventually("ServiceReady=False")
        .until(() -> hub.conditionIs("c1", ConditionTypes.SERVICE_READY, "False", "BackupRunning"));
    Map<String, Object> ready = hub.condition("c1", ConditionTypes.SERVICE_READY);
    assertThat(ready).containsEntry("message", "[" + EU + "] backup running");
    assertThat(((Number) ready.get("observedGeneration")).longValue()).isEqualTo(generation);
    readyCondition(svc, serviceType, hub.serviceNs(), "True", "Up", "serving");
    eventually("ServiceReady=True")
        .until(() -> hub.conditionIs("c1", ConditionTypes.SERVICE_READY, "True", "Up"));
    // no readiness condition any more: no ServiceReady
    svc.genericKubernetesResources(serviceType)
        .inNamespace(hub.serviceNs())
        .withName("c1")
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"conditions\":null}}");
    eventually("ServiceReady gone")
        .until(() -> hub.condition("c1", ConditionTypes.SERVICE_READY).isEmpty());
  }

  /** The Events on tenant instance {@code name} with {@code reason}, as the tenant sees them. */
  private static List<Event> mirrored(TestHub hub, String name, String reason) {
    return hub.mgmt.v1().events().inNamespace(hub.tenantNs).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  /** A Warning Event about {@code about}, as a service operator writes it. */
  private static Event event(GenericKubernetesResource about, String reason, String message) {
    String now = Instant.now().toString();
    return new EventBuilder()
        .withNewMetadata()
        .withGenerateName(about.getMetadata().getName() + ".")
        .withNamespace(about.getMetadata().getNamespace())
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(about.getApiVersion())
        .withKind(about.getKind())
        .withNamespace(about.getMetadata().getNamespace())
        .withName(about.getMetadata().getName())
        .withUid(about.getMetadata().getUid())
        .endInvolvedObject()
        .withType("Warning")
        .withReason(reason)
        .withMessage(message)
        .withCount(1)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withNewSource()
        .withComponent("test-service-operator")
        .endSource()
        .build();
  }

  private static void readyCondition(
      KubernetesClient svc,
      ResourceDefinitionContext type,
      String ns,
      String status,
      String reason,
      String message) {
    String json =
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\""
            + status
            + "\",\"reason\":\""
            + reason
            + "\",\"message\":\""
            + message
            + "\",\"lastTransitionTime\":\""
            + Instant.now()
            + "\"}]}}";
    svc.genericKubernetesResources(type)
        .inNamespace(ns)
        .withName("c1")
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  /** A service CRD like the sample's (kind, plural, version), of {@code group}, any status. */
  static ResourceDefinitionContext serviceCrd(KubernetesClient svc, String group) {
    String name = SampleRedisOperator.PLURAL + "." + group;
    svc.apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(TestHub.openCrd(group))
        .fieldManager(Manifests.FIELD_MANAGER)
        .forceConflicts()
        .serverSideApply();
    Manifests.awaitEstablished(svc, name);
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(SampleRedisOperator.VERSION)
        .withKind(SampleRedisOperator.KIND)
        .withPlural(SampleRedisOperator.PLURAL)
        .withNamespaced(true)
        .build();
  }
}
