package io.kubecarrier.propagation;

import static io.kubecarrier.propagation.PropagationIT.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The agent's part of the first rule of the hub (docs/lifecycle.md): an instance lives until its
 * owner deletes it, and every deletion finishes. The test acts as the other operators; service
 * objects keep their uid through every step.
 */
@QuarkusTest
@TestProfile(AgentClusterProfile.class)
class AgentLifecycleIT {

  static final String EU = KubeClusters.EU_WEST_1;
  static final String US = KubeClusters.US_EAST_1;

  @Test
  void aFieldRemovedFromTheSpecIsRemovedServiceSideAndTheRegionIsPinned() {
    TestHub hub = TestHub.create("unset", List.of(EU), Map.of()).offer(List.of());
    hub.createInstance("c1", null, Map.of("version", "7.2", "memory", "1Gi"));
    eventually("synced").until(() -> hub.conditionIs("c1", ConditionTypes.SYNCED, "True", null));
    assertThat(hub.tenant("c1").getMetadata().getLabels())
        .as("pinned to the region it is placed in")
        .containsEntry(Labels.REGION, EU);
    String uid = hub.serviceObject(EU, "c1").getMetadata().getUid();

    hub.mgmt
        .genericKubernetesResources(hub.tenantType)
        .inNamespace(hub.tenantNs)
        .withName("c1")
        .edit(
            r -> {
              TestHub.map(r, "spec").remove("memory");
              return r;
            });
    eventually("memory removed in the service cluster")
        .until(() -> !TestHub.map(hub.serviceObject(EU, "c1"), "spec").containsKey("memory"));
    assertThat(hub.serviceObject(EU, "c1").getMetadata().getUid()).isEqualTo(uid);
    assertThat(TestHub.map(hub.serviceObject(EU, "c1"), "spec")).containsEntry("version", "7.2");
    hub.deleteTenant("c1");
    eventually("gone").until(() -> hub.tenant("c1") == null && hub.serviceObject(EU, "c1") == null);
  }

  @Test
  void aSameNamedObjectThatIsNotOursIsNeverTakenOver() {
    TestHub hub = TestHub.create("foreign", List.of(EU), Map.of());
    // owned by someone else (labelled), and an unlabelled one whose instance exists first
    GenericKubernetesResource owned = serviceRedis(hub, "owned", Map.of("example.com/app", "x"));
    owned
        .getMetadata()
        .setLabels(
            Map.of(
                Labels.MANAGED_BY,
                Labels.MANAGED_BY_PROPAGATION_AGENT,
                Labels.OWNER_NAMESPACE,
                "someone-else",
                Labels.OWNER_NAME,
                "owned"));
    owned = hub.service(EU).resource(owned).create();
    hub.createInstance("owned", null, Map.of("version", "7.2"));
    hub.createInstance("plain", null, Map.of("version", "7.2"));
    GenericKubernetesResource plain =
        hub.service(EU).resource(serviceRedis(hub, "plain", Map.of())).create();
    hub.offer(List.of());

    for (String name : List.of("owned", "plain")) {
      eventually(name + " refused")
          .until(
              () -> hub.conditionIs(name, ConditionTypes.SYNCED, "False", Reasons.FOREIGN_OBJECT));
    }
    for (GenericKubernetesResource before : List.of(owned, plain)) {
      GenericKubernetesResource now = hub.serviceObject(EU, before.getMetadata().getName());
      assertThat(now.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid());
      assertThat(TestHub.map(now, "spec")).as("spec untouched").containsEntry("version", "5.0");
      assertThat(now.getMetadata().getLabels())
          .as("labels untouched")
          .isEqualTo(before.getMetadata().getLabels());
    }
    assertThat(hub.tenant("owned").getMetadata().getFinalizers())
        .contains(Finalizers.PROPAGATION_AGENT);

    // deleting the instances never deletes the foreign objects
    hub.deleteTenant("owned");
    hub.deleteTenant("plain");
    eventually("instances gone")
        .until(() -> hub.tenant("owned") == null && hub.tenant("plain") == null);
    assertThat(hub.serviceObject(EU, "owned")).isNotNull();
    assertThat(hub.serviceObject(EU, "plain")).isNotNull();
  }

  @Test
  void theAgentHoldsTheAssignmentWhileAnInstanceIsPlacedThroughIt() {
    TestHub hub = TestHub.create("hold", List.of(EU), Map.of()).offer(List.of());
    hub.createInstance("c1", null, Map.of("version", "7.2"));
    eventually("synced").until(() -> hub.conditionIs("c1", ConditionTypes.SYNCED, "True", null));
    eventually("held")
        .until(
            () ->
                hub.assignment(EU)
                    .getMetadata()
                    .getFinalizers()
                    .contains(Finalizers.PROPAGATION_AGENT));
    String uid = hub.serviceObject(EU, "c1").getMetadata().getUid();

    // withdrawn: the catalog operator deletes the assignment; it stays while c1 needs it
    hub.mgmt.resource(hub.assignment(EU)).delete();
    hub.editTenantSpec("c1", "version", "7.4");
    eventually("still syncing")
        .until(() -> "7.4".equals(TestHub.map(hub.serviceObject(EU, "c1"), "spec").get("version")));
    hub.createInstance("c2", null, Map.of("version", "7.2"));
    eventually("a second instance is placed through the held assignment")
        .until(() -> hub.conditionIs("c2", ConditionTypes.SYNCED, "True", null));
    assertThat(hub.assignment(EU).getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(hub.serviceObject(EU, "c1").getMetadata().getUid()).isEqualTo(uid);

    hub.deleteTenant("c1");
    eventually("c1 gone").until(() -> hub.tenant("c1") == null);
    assertThat(hub.assignment(EU)).as("c2 still holds it").isNotNull();
    hub.deleteTenant("c2");
    eventually("released once no instance is left, so the assignment goes")
        .until(() -> hub.assignment(EU) == null);
  }

  @Test
  void aDeletionWaitsForABrokenKubeconfigAndFinishesWhenFixedOrLetGo() {
    TestHub hub = TestHub.create("letgo", List.of(EU), Map.of()).offer(List.of());
    hub.createInstance("c1", null, Map.of("version", "7.2"));
    hub.createInstance("c2", null, Map.of("version", "7.2"));
    for (String name : List.of("c1", "c2")) {
      eventually(name + " synced")
          .until(() -> hub.conditionIs(name, ConditionTypes.SYNCED, "True", null));
    }
    hub.deleteKubeconfigSecret(EU);
    awaitSecretMissingSeen(hub, "c2", "7.3");
    hub.deleteTenant("c1");
    eventually("the deletion waits and says why")
        .until(
            () -> hub.conditionIs("c1", ConditionTypes.SYNCED, "False", Reasons.SECRET_NOT_FOUND));
    assertThat(hub.tenant("c1").getMetadata().getFinalizers())
        .contains(Finalizers.PROPAGATION_AGENT);
    assertThat(hub.serviceObject(EU, "c1")).isNotNull();

    hub.restoreKubeconfigSecret(EU);
    eventually("fixed: the service object and the instance go")
        .until(() -> hub.tenant("c1") == null && hub.serviceObject(EU, "c1") == null);

    hub.deleteKubeconfigSecret(EU);
    awaitSecretMissingSeen(hub, "c2", "7.4");
    hub.deleteTenant("c2");
    eventually("waits")
        .until(
            () -> hub.conditionIs("c2", ConditionTypes.SYNCED, "False", Reasons.SECRET_NOT_FOUND));
    hub.letGo(EU);
    eventually("let go: the instance goes without the cluster")
        .until(() -> hub.tenant("c2") == null);
    assertThat(hub.serviceObject(EU, "c2")).as("left behind, as reported").isNotNull();
    assertThat(
            hub.mgmt.v1().events().inNamespace(hub.tenantNs).list().getItems().stream()
                .filter(e -> "c2".equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason()))
        .contains(Reasons.LET_GO);
    hub.service(EU)
        .genericKubernetesResources(SampleRedisOperator.CONTEXT)
        .inNamespace(hub.serviceNs())
        .withName("c2")
        .delete();
  }

  @Test
  void aWithdrawnRegionKeepsItsInstanceSyncingAndTakesNoNewOne() {
    TestHub hub = TestHub.create("region", List.of(EU, US), Map.of()).offer(List.of());
    hub.offering(false);
    hub.createInstance("c1", US, Map.of("version", "7.2"));
    eventually("synced and offered")
        .until(() -> hub.conditionIs("c1", ConditionTypes.OFFERED, "True", Reasons.OFFERED));
    String uid = hub.serviceObject(US, "c1").getMetadata().getUid();

    hub.entryStatus(List.of(EU), true);
    eventually("Offered=False, withdrawn region")
        .until(() -> hub.conditionIs("c1", ConditionTypes.OFFERED, "False", Reasons.WITHDRAWN));
    hub.editTenantSpec("c1", "version", "7.4");
    eventually("still syncing in the withdrawn region")
        .until(() -> "7.4".equals(TestHub.map(hub.serviceObject(US, "c1"), "spec").get("version")));
    assertThat(hub.serviceObject(US, "c1").getMetadata().getUid()).isEqualTo(uid);
    assertThat(hub.conditionIs("c1", ConditionTypes.SYNCED, "True", null)).isTrue();

    hub.createInstance("c2", US, Map.of("version", "7.2"));
    eventually("a new one is not placed there")
        .until(() -> hub.conditionIs("c2", ConditionTypes.SYNCED, "False", Reasons.UNKNOWN_REGION));
    assertThat(hub.serviceObject(US, "c2")).isNull();

    // not Ready (say its deletion waits for instances): the agent still serves the kind
    hub.entryStatus(List.of(EU), false);
    hub.editTenantSpec("c1", "version", "7.6");
    eventually("still syncing while the entry is not Ready")
        .until(() -> "7.6".equals(TestHub.map(hub.serviceObject(US, "c1"), "spec").get("version")));
    hub.deleteTenant("c1");
    hub.deleteTenant("c2");
    eventually("deletions finish while the entry is not Ready")
        .until(() -> hub.tenant("c1") == null && hub.tenant("c2") == null);
    assertThat(hub.serviceObject(US, "c1")).isNull();
  }

  @Test
  void aWithdrawnOfferingKeepsRunningInstancesAndPlacesNoNewOne() {
    TestHub hub = TestHub.create("withdrawn", List.of(EU), Map.of()).offer(List.of());
    hub.offering(false);
    hub.createInstance("c1", null, Map.of("version", "7.2"));
    eventually("offered")
        .until(() -> hub.conditionIs("c1", ConditionTypes.OFFERED, "True", Reasons.OFFERED));
    String uid = hub.serviceObject(EU, "c1").getMetadata().getUid();
    hub.offering(true);
    eventually("withdrawn, kept")
        .until(() -> hub.conditionIs("c1", ConditionTypes.OFFERED, "False", Reasons.WITHDRAWN));
    assertThat(hub.conditionIs("c1", ConditionTypes.SYNCED, "True", null)).isTrue();
    hub.createInstance("c2", null, Map.of("version", "7.2"));
    eventually("new instance not placed")
        .until(() -> hub.conditionIs("c2", ConditionTypes.SYNCED, "False", Reasons.WITHDRAWN));
    assertThat(hub.serviceObject(EU, "c2")).isNull();
    hub.offering(false);
    eventually("published again: both run")
        .until(
            () ->
                hub.conditionIs("c1", ConditionTypes.OFFERED, "True", Reasons.OFFERED)
                    && hub.conditionIs("c2", ConditionTypes.SYNCED, "True", null));
    assertThat(hub.serviceObject(EU, "c1").getMetadata().getUid()).isEqualTo(uid);
    hub.deleteTenant("c1");
    hub.deleteTenant("c2");
    eventually("gone").until(() -> hub.tenant("c1") == null && hub.tenant("c2") == null);
  }

  @Test
  void aMovedInstanceLosesItsOldCopyBeforeTheNewOneIsMade() throws Exception {
    TestHub hub = TestHub.create("move", List.of(EU, US), Map.of()).offer(List.of());
    hub.createInstance("c1", US, Map.of("version", "7.2"));
    eventually("synced in us").until(() -> hub.serviceObject(US, "c1") != null);
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    try (Watch us = watch(hub, US, events);
        Watch eu = watch(hub, EU, events)) {
      // no admission policy runs in this test: the label is changed as a broken client might
      // (a merge patch: the agent writes the instance's status meanwhile)
      hub.mgmt
          .genericKubernetesResources(hub.tenantType)
          .inNamespace(hub.tenantNs)
          .withName("c1")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"metadata\":{\"labels\":{\"" + Labels.REGION + "\":\"" + EU + "\"}}}");
      eventually("moved")
          .until(() -> hub.serviceObject(EU, "c1") != null && hub.serviceObject(US, "c1") == null);
      eventually("both events seen")
          .until(() -> events.contains(US + " DELETED") && events.contains(EU + " ADDED"));
    }
    assertThat(events.indexOf(US + " DELETED"))
        .as("the old copy went before the new one came: " + events)
        .isLessThan(events.indexOf(EU + " ADDED"));
    hub.deleteTenant("c1");
    eventually("gone").until(() -> hub.tenant("c1") == null);
  }

  @Test
  void whatIsLeftOfAnInstanceThatNoLongerExistsIsSwept() {
    TestHub hub = TestHub.create("sweep", List.of(EU), Map.of()).offer(List.of());
    hub.createInstance("c1", null, Map.of("version", "7.2"));
    eventually("synced").until(() -> hub.conditionIs("c1", ConditionTypes.SYNCED, "True", null));
    // a copy whose instance is gone (its finalizer removed by hand while the agent was down):
    // made here from c1's copy, for an instance "ghost" that does not exist
    GenericKubernetesResource ghost = hub.serviceObject(EU, "c1");
    java.util.Map<String, String> labels = new java.util.HashMap<>(ghost.getMetadata().getLabels());
    labels.put(Labels.OWNER_NAME, "ghost");
    labels.remove(Labels.OWNER_UID);
    ObjectMeta meta = new ObjectMeta();
    meta.setName("ghost");
    meta.setNamespace(hub.serviceNs());
    meta.setLabels(labels);
    ghost.setMetadata(meta);
    ghost.getAdditionalProperties().remove("status");
    // and its connection Secret copy in the tenant namespace, made from c1's
    String c1Copy = Names.connectionSecretName(hub.group, SampleRedisOperator.KIND, "c1");
    eventually("c1's copy")
        .until(() -> hub.mgmt.secrets().inNamespace(hub.tenantNs).withName(c1Copy).get() != null);
    io.fabric8.kubernetes.api.model.Secret copy =
        hub.mgmt.secrets().inNamespace(hub.tenantNs).withName(c1Copy).get();
    String ghostCopy = Names.connectionSecretName(hub.group, SampleRedisOperator.KIND, "ghost");
    ObjectMeta copyMeta = new ObjectMeta();
    copyMeta.setName(ghostCopy);
    copyMeta.setNamespace(hub.tenantNs);
    copyMeta.setLabels(labels);
    copy.setMetadata(copyMeta);
    hub.mgmt.secrets().inNamespace(hub.tenantNs).resource(copy).create();
    hub.service(EU).resource(ghost).create();
    eventually("swept").until(() -> hub.serviceObject(EU, "ghost") == null);
    eventually("its copy swept")
        .until(
            () -> hub.mgmt.secrets().inNamespace(hub.tenantNs).withName(ghostCopy).get() == null);
    assertThat(hub.serviceObject(EU, "c1")).as("the live instance's copy stays").isNotNull();
    hub.deleteTenant("c1");
    eventually("gone").until(() -> hub.tenant("c1") == null);
  }

  // ---- helpers

  /** Changes an instance's spec and waits until it reports the missing kubeconfig Secret. */
  private static void awaitSecretMissingSeen(TestHub hub, String name, String version) {
    hub.editTenantSpec(name, "version", version);
    eventually(name + " sees the kubeconfig Secret missing")
        .until(
            () -> hub.conditionIs(name, ConditionTypes.SYNCED, "False", Reasons.SECRET_NOT_FOUND));
  }

  private static GenericKubernetesResource serviceRedis(
      TestHub hub, String name, Map<String, String> labels) {
    GenericKubernetesResource r = new GenericKubernetesResource();
    r.setApiVersion(SampleRedisOperator.API_VERSION);
    r.setKind(SampleRedisOperator.KIND);
    r.setMetadata(new ObjectMeta());
    r.getMetadata().setName(name);
    r.getMetadata().setNamespace(hub.serviceNs());
    r.getMetadata().setLabels(labels);
    r.setAdditionalProperty("spec", Map.of("version", "5.0"));
    return r;
  }

  private static Watch watch(TestHub hub, String region, List<String> events) {
    return hub.service(region)
        .genericKubernetesResources(SampleRedisOperator.CONTEXT)
        .inNamespace(hub.serviceNs())
        .withField("metadata.name", "c1")
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, GenericKubernetesResource resource) {
                if (action == Action.ADDED || action == Action.DELETED) {
                  events.add(region + " " + action);
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }
}
