package io.kubecarrier.propagation;

import static io.kubecarrier.propagation.PropagationIT.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What happens on the service side: drift, adoption, orphaning, rejected specs, bad placement. */
@QuarkusTest
@TestProfile(AgentClusterProfile.class)
class ServiceSideIT {

  static final String EU = KubeClusters.EU_WEST_1;
  static final String US = KubeClusters.US_EAST_1;

  @Test
  void driftIsCorrectedAndServiceOwnedFieldsAreKept() {
    TestHub hub =
        TestHub.create("drift", List.of(EU), Map.of())
            .offer(List.of(".spec.version", ".spec.replicas", ".status.phase"));
    hub.createInstance("c1", null, Map.of("version", "7.2", "replicas", 2));
    eventually("synced")
        .until(() -> "Running".equals(TestHub.map(hub.tenant("c1"), "status").get("phase")));
    // only exposed status paths come up
    assertThat(TestHub.map(hub.tenant("c1"), "status")).doesNotContainKey("endpoint");

    // someone changes a field we own, and sets one we do not own
    hub.service(EU)
        .genericKubernetesResources(SampleRedisOperator.CONTEXT)
        .inNamespace(hub.serviceNs())
        .withName("c1")
        .edit(
            r -> {
              @SuppressWarnings("unchecked")
              Map<String, Object> spec =
                  (Map<String, Object>) r.getAdditionalProperties().get("spec");
              spec.put("version", "6.0");
              spec.put("memory", "1Gi");
              return r;
            });
    eventually("drift corrected")
        .until(() -> "7.2".equals(TestHub.map(hub.serviceObject(EU, "c1"), "spec").get("version")));
    GenericKubernetesResource svc = hub.serviceObject(EU, "c1");
    assertThat(TestHub.map(svc, "spec")).containsEntry("memory", "1Gi");
    assertThat(svc.getMetadata().getAnnotations())
        .as("the service operator's own field stays")
        .containsKey(SampleRedisOperator.HOST_ANNOTATION);

    // the service object is deleted behind our back: it comes back
    hub.service(EU)
        .genericKubernetesResources(SampleRedisOperator.CONTEXT)
        .inNamespace(hub.serviceNs())
        .withName("c1")
        .delete();
    eventually("re-created")
        .until(
            () ->
                hub.serviceObject(EU, "c1") != null
                    && hub.serviceObject(EU, "c1").getMetadata().getDeletionTimestamp() == null);
  }

  @Test
  void objectsCreatedInTheServiceClusterAreAdoptedAndOrphansStay() {
    TestHub hub = TestHub.create("adopt", List.of(EU, US), Map.of()).offer(List.of());
    GenericKubernetesResource direct = new GenericKubernetesResource();
    direct.setApiVersion(SampleRedisOperator.API_VERSION);
    direct.setKind(SampleRedisOperator.KIND);
    direct.setMetadata(new ObjectMeta());
    direct.getMetadata().setName("legacy");
    direct.getMetadata().setNamespace(hub.serviceNs());
    direct.setAdditionalProperty("spec", Map.of("version", "6.2", "replicas", 3));
    hub.service(US)
        .genericKubernetesResources(SampleRedisOperator.CONTEXT)
        .inNamespace(hub.serviceNs())
        .resource(direct)
        .create();

    eventually("adopted into the tenant namespace")
        .until(
            () ->
                hub.tenant("legacy") != null
                    && hub.conditionIs("legacy", ConditionTypes.SYNCED, "True", null));
    GenericKubernetesResource tenant = hub.tenant("legacy");
    assertThat(tenant.getMetadata().getLabels()).containsEntry(Labels.REGION, US);
    assertThat(TestHub.map(tenant, "spec")).containsEntry("version", "6.2");
    assertThat(hub.serviceObject(US, "legacy").getMetadata().getLabels())
        .containsEntry(Labels.OWNER_NAMESPACE, hub.tenantNs);
    assertThat(hub.serviceObject(EU, "legacy")).isNull();

    // orphaning: the tenant object goes, the service object stays, released
    hub.mgmt
        .genericKubernetesResources(hub.tenantType)
        .inNamespace(hub.tenantNs)
        .withName("legacy")
        .edit(
            r -> {
              r.getMetadata().getAnnotations().put(Annotations.ORPHAN, Annotations.ORPHAN_TRUE);
              return r;
            });
    hub.deleteTenant("legacy");
    eventually("tenant object gone").until(() -> hub.tenant("legacy") == null);
    GenericKubernetesResource orphan = hub.serviceObject(US, "legacy");
    assertThat(orphan).isNotNull();
    assertThat(orphan.getMetadata().getLabels()).doesNotContainKey(Labels.OWNER_NAMESPACE);
    assertThat(orphan.getMetadata().getAnnotations())
        .containsEntry(Annotations.ORPHANED_FROM, hub.tenantNs + "/legacy");
    // and it is not adopted again
    hub.createInstance("marker", US, Map.of("version", "7.2"));
    eventually("marker synced")
        .until(() -> hub.conditionIs("marker", ConditionTypes.SYNCED, "True", null));
    assertThat(hub.tenant("legacy")).isNull();
  }

  @Test
  void badInputBecomesAConditionAndIsRetried() {
    TestHub hub = TestHub.create("bad", List.of(EU, US), Map.of()).offer(List.of());
    hub.createInstance("no-region", null, Map.of("version", "7.2"));
    hub.createInstance("mars", "mars-1", Map.of("version", "7.2"));
    hub.createInstance("too-big", EU, Map.of("version", "7.2", "replicas", 10));
    eventually("region required")
        .until(
            () ->
                hub.conditionIs(
                    "no-region", ConditionTypes.SYNCED, "False", Reasons.REGION_REQUIRED));
    eventually("unknown region")
        .until(
            () -> hub.conditionIs("mars", ConditionTypes.SYNCED, "False", Reasons.UNKNOWN_REGION));
    eventually("rejected by the service cluster")
        .until(
            () -> hub.conditionIs("too-big", ConditionTypes.SYNCED, "False", Reasons.INVALID_SPEC));
    assertThat((String) hub.condition("too-big", ConditionTypes.SYNCED).get("message"))
        .as("the service cluster's own message")
        .contains("spec.replicas");
    // an event tells the tenant too
    eventually("warning event")
        .until(
            () ->
                hub.mgmt.v1().events().inNamespace(hub.tenantNs).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "too-big".equals(e.getInvolvedObject().getName())
                                && Reasons.INVALID_SPEC.equals(e.getReason())));
    // fixed spec: retried and synced
    hub.editTenantSpec("too-big", "replicas", 3);
    eventually("fixed")
        .until(() -> hub.conditionIs("too-big", ConditionTypes.SYNCED, "True", Reasons.SYNCED));
  }

  @Test
  void missingAssignmentWaitsUntilItIsReady() {
    TestHub hub = TestHub.create("sca", List.of(EU), Map.of()).offer(List.of());
    String otherNs = hub.tenantNs + "-b";
    hub.mgmt
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(otherNs)
                .endMetadata()
                .build())
        .create();
    io.kubecarrier.testkit.HubSecretAccess.grant(
        hub.mgmt, otherNs, io.kubecarrier.api.common.HubAccess.TENANT_GRANTS);
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(hub.group + "/" + SampleRedisOperator.VERSION);
    r.setKind(SampleRedisOperator.KIND);
    r.setMetadata(new ObjectMeta());
    r.getMetadata().setName("late");
    r.getMetadata().setNamespace(otherNs);
    r.setAdditionalProperty("spec", Map.of("version", "7.2"));
    hub.mgmt.genericKubernetesResources(hub.tenantType).inNamespace(otherNs).resource(r).create();
    eventually("assignment missing")
        .until(() -> conditionReason(hub, otherNs, "late").equals(Reasons.ASSIGNMENT_MISSING));
    TestHub other = hub.forTenantNamespace(otherNs);
    other.assign(EU);
    eventually("synced once assigned")
        .until(() -> conditionReason(hub, otherNs, "late").equals(Reasons.SYNCED));
  }

  @SuppressWarnings("unchecked")
  private static String conditionReason(TestHub hub, String ns, String name) {
    GenericKubernetesResource t =
        hub.mgmt.genericKubernetesResources(hub.tenantType).inNamespace(ns).withName(name).get();
    Object block = TestHub.map(t, "status").get("kubecarrier");
    if (block instanceof Map<?, ?> b && b.get("conditions") instanceof List<?> l) {
      for (Object c : l) {
        if (c instanceof Map<?, ?> m && ConditionTypes.SYNCED.equals(m.get("type"))) {
          return String.valueOf(m.get("reason"));
        }
      }
    }
    return "";
  }
}
