package io.kubecarrier.testkit.invariants;

import static io.kubecarrier.testkit.KubeClusters.EU_WEST_1;
import static io.kubecarrier.testkit.KubeClusters.US_EAST_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecarrier.testkit.K8sBinaries;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.Manifests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The invariant checker against real API servers: a hub written by hand ({@link HubFixture}), then
 * each violation made on purpose and detected, and a clean hub passing.
 */
class HubInvariantsIT {

  static KubeClusters clusters;

  HubFixture hub;
  HubInvariants invariants;
  final List<Runnable> cleanups = new ArrayList<>();

  @BeforeAll
  static void installHubCrds() {
    clusters = KubeClusters.shared();
    Manifests.applyCrds(
        clusters.management().adminClient(), K8sBinaries.repoRoot().resolve("k8s/crds"));
  }

  @BeforeEach
  void createHub() {
    hub = new HubFixture(clusters).create(EU_WEST_1);
    invariants =
        HubInvariants.of(clusters)
            .limitedTo(hub.provider, hub.tenant)
            .settleWithin(Duration.ofSeconds(3));
  }

  @AfterEach
  void deleteHub() {
    cleanups.forEach(Runnable::run);
    hub.delete();
  }

  @Test
  void cleanHubPassesAndIsRemembered() {
    InvariantReport r = invariants.check("clean hub");

    assertThat(r.clean()).as(r.toString()).isTrue();
    assertThat(r.totals()).isEqualTo(new Totals(1, 1, 1, 1, 1, 3, 0, 1, 2));
    assertThat(invariants.remembered()).isEqualTo(1);
    assertThat(r.summary())
        .startsWith(
            "\"clean hub\": lost 0, duplicated 0, leaked 0 | 1 instances, 1 service objects");
    assertThat(invariants.check("nothing changed").clean()).isTrue();
  }

  @Test
  void serviceObjectWhoseInstanceIsGoneIsLeaked() {
    invariants.check("clean hub");
    HubFixture.deleteNow(hub.m(), hub.instance());

    AssertionError e = failure(() -> invariants.check("instance deleted, copies left"));

    assertThat(e.getMessage())
        .contains("hub invariants after step \"instance deleted, copies left\"")
        .contains("leaked (2):")
        .contains(
            EU_WEST_1
                + " Cache."
                + hub.serviceGroup
                + " "
                + hub.serviceNamespace
                + "/cache: its owner Cache."
                + hub.group
                + " "
                + hub.tenant
                + "/cache uid ")
        .contains("management Secret " + hub.tenant + "/cache-cache-connection." + hub.group)
        .contains("leaked still there after 3 s");
  }

  @Test
  void serviceObjectOfAnEarlierInstanceOfTheSameNameIsLeakedNotDuplicated() {
    GenericKubernetesResource first = hub.instance();
    HubFixture.deleteNow(hub.m(), first);
    GenericKubernetesResource second = recreateInstance();

    InvariantReport r = invariants.report("instance re-created");

    assertThat(r.count(Invariant.DUPLICATED)).isZero();
    assertThat(r.violations(Invariant.LEAKED))
        .extracting(Violation::why)
        .anySatisfy(
            why ->
                assertThat(why)
                    .contains("uid " + first.getMetadata().getUid() + " does not exist")
                    .contains("has uid " + second.getMetadata().getUid()));
  }

  @Test
  void twoServiceObjectsForOneInstanceAreDuplicated() {
    hub.assign(US_EAST_1);
    hub.serviceObject(US_EAST_1, hub.instance());

    InvariantReport r = invariants.report("second copy");
    AssertionError e = failure(() -> invariants.check("second copy"));

    assertThat(r.count(Invariant.DUPLICATED)).as(r.toString()).isEqualTo(1);
    assertThat(r.count(Invariant.LEAKED)).as(r.toString()).isZero();
    assertThat(r.violations(Invariant.DUPLICATED).get(0).why())
        .startsWith("2 service objects: ")
        .contains(EU_WEST_1 + " Cache." + hub.serviceGroup + " " + hub.serviceNamespace + "/cache")
        .contains(US_EAST_1 + " Cache." + hub.serviceGroup + " " + hub.serviceNamespace + "/cache");
    assertThat(e.getMessage())
        .contains("duplicated (1):")
        .contains("management Cache." + hub.group);
  }

  @Test
  void replacedServiceObjectIsLostUntilForgotten() {
    invariants.check("clean hub");
    GenericKubernetesResource old = hub.serviceObjectIn(EU_WEST_1);
    HubFixture.deleteNow(hub.in(EU_WEST_1), old);
    GenericKubernetesResource replacement = hub.serviceObject(EU_WEST_1, hub.instance());

    AssertionError e = failure(() -> invariants.check("service object replaced"));

    assertThat(e.getMessage())
        .contains("lost (1):")
        .contains("(uid " + old.getMetadata().getUid() + ") is gone, now: ")
        .contains("(uid " + replacement.getMetadata().getUid() + ")");

    invariants.forget(hub.instance());
    assertThat(invariants.check("replacement forgiven").clean()).isTrue();
  }

  @Test
  void serviceObjectBeingDeletedWhileItsInstanceLivesIsLost() {
    invariants.check("clean hub");
    GenericKubernetesResource copy = hub.serviceObjectIn(EU_WEST_1);
    HubFixture.finalizers(hub.in(EU_WEST_1), copy, "example.com/hold");
    cleanups.add(() -> HubFixture.dropFinalizers(hub.in(EU_WEST_1), copy));
    hub.in(EU_WEST_1).resource(copy).delete();

    AssertionError e = failure(() -> invariants.check("service object deleting"));

    assertThat(e.getMessage()).contains("is being deleted while the instance lives");
  }

  @Test
  void assignmentMustBePublishedOrHeld() {
    GenericKubernetesResource region =
        hub.m()
            .genericKubernetesResources("catalog.kubecarrier.io/v1alpha1", "Region")
            .inNamespace(hub.tenant)
            .withName(EU_WEST_1 + "." + hub.provider)
            .get();
    HubFixture.deleteNow(hub.m(), region);

    AssertionError e = failure(() -> invariants.check("region withdrawn, not held"));
    assertThat(e.getMessage())
        .contains("leaked (1):")
        .contains(
            "ServiceClusterAssignment.kubecarrier.io "
                + hub.provider
                + "/"
                + hub.tenant
                + "."
                + EU_WEST_1
                + ": neither published (no Region "
                + hub.tenant
                + "/"
                + EU_WEST_1
                + "."
                + hub.provider
                + ") nor held");

    GenericKubernetesResource a = hub.assignment(EU_WEST_1);
    HubFixture.finalizers(hub.m(), a, HubLabels.PROPAGATION_AGENT_FINALIZER);
    cleanups.add(() -> HubFixture.dropFinalizers(hub.m(), a));
    assertThat(invariants.check("held by the agent").clean()).isTrue();

    hub.m().resource(a).delete();
    assertThat(invariants.check("deleting, still held").clean()).isTrue();

    HubFixture.dropFinalizers(hub.m(), a);
    AssertionError gone = failure(() -> invariants.check("assignment gone, namespace left"));
    assertThat(gone.getMessage())
        .contains(
            EU_WEST_1
                + " Namespace "
                + hub.serviceNamespace
                + ": its ServiceClusterAssignment "
                + hub.provider
                + "/"
                + hub.tenant
                + "."
                + EU_WEST_1
                + " does not exist");
  }

  @Test
  void withdrawnPublicationsNeedAnInstanceOfTheirKind() {
    for (HasMetadata p : publications()) {
      HubFixture.patch(
          hub.m(), p, "{\"metadata\":{\"labels\":{\"kubecarrier.io/withdrawn\":\"true\"}}}");
    }
    InvariantReport kept = invariants.check("withdrawn, instance kept");
    assertThat(kept.totals().withdrawn()).isEqualTo(3);

    HubFixture.deleteNow(hub.m(), hub.instance());
    HubFixture.deleteNow(hub.in(EU_WEST_1), hub.serviceObjectIn(EU_WEST_1));
    hub.m().secrets().inNamespace(hub.tenant).withLabel(HubLabels.MANAGED_BY).delete();

    AssertionError e = failure(() -> invariants.check("last instance deleted"));
    String why = ": withdrawn, and no instance of " + hub.tenantCrd + " is left in its namespace";
    assertThat(e.getMessage())
        .contains("leaked (3):")
        .contains("Offering.catalog.kubecarrier.io " + hub.tenant + "/" + hub.tenantCrd + why)
        .contains("Role " + hub.tenant + "/kubecarrier:tenant:" + hub.tenantCrd + why)
        .contains("RoleBinding " + hub.tenant + "/kubecarrier:tenant:" + hub.tenantCrd + why);
  }

  @Test
  void tenantAndAccountNamespaceNeedTheirAccount() {
    HubFixture.deleteNow(
        hub.m(),
        hub.m()
            .genericKubernetesResources("catalog.kubecarrier.io/v1alpha1", "Account")
            .withName(hub.tenant)
            .get());

    AssertionError e = failure(() -> invariants.check("tenant account deleted"));

    assertThat(e.getMessage())
        .contains("leaked (2):")
        .contains(
            "Tenant.catalog.kubecarrier.io "
                + hub.provider
                + "/"
                + hub.tenant
                + ": its Account "
                + hub.tenant
                + " does not exist")
        .contains("management Namespace " + hub.tenant + ": its Account " + hub.tenant);
  }

  @Test
  void otherTestsObjectsAreOutOfScope() {
    HubFixture.deleteNow(hub.m(), hub.instance());

    assertThat(
            HubInvariants.of(clusters)
                .limitedTo("someone-else")
                .settleWithin(Duration.ofSeconds(3))
                .check("not ours")
                .clean())
        .isTrue();
    assertThat(HubInvariants.of(clusters).report("everything").violations(Invariant.LEAKED))
        .extracting(v -> v.object().namespace())
        .contains(hub.serviceNamespace, hub.tenant);
  }

  @Test
  void deletionThatDoesNotFinishIsStuck() {
    GenericKubernetesResource instance = hub.instance();
    HubFixture.finalizers(hub.m(), instance, HubLabels.PROPAGATION_AGENT_FINALIZER);
    instance = hub.instance();
    instance.setAdditionalProperty(
        "status",
        Map.of(
            "kubecarrier",
            Map.of(
                "conditions",
                List.of(
                    Map.of(
                        "type", "Synced",
                        "status", "False",
                        "reason", "Deleting",
                        "message", "waiting for the service object")))));
    instance = hub.m().resource(instance).updateStatus();
    var hold =
        hub.m()
            .configMaps()
            .inNamespace(hub.tenant)
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("held")
                    .withFinalizers("example.com/hold")
                    .endMetadata()
                    .build())
            .create();
    GenericKubernetesResource held = instance;
    cleanups.add(() -> HubFixture.dropFinalizers(hub.m(), held));
    cleanups.add(() -> HubFixture.dropFinalizers(hub.m(), hold));
    hub.m().resource(instance).delete();
    hub.m().resource(hold).delete();

    AssertionError e = failure(() -> invariants.awaitGone("instance deleted", held, hold));

    assertThat(e.getMessage())
        .contains("\"instance deleted\": stuck 2")
        .contains("not gone within 3 s")
        .contains(
            "management Cache." + hub.group + " " + hub.tenant + "/cache: being deleted since ")
        .contains("finalizers [kubecarrier.io/propagation-agent]")
        .contains("Synced=False/Deleting (waiting for the service object)")
        .contains("finalizers [example.com/hold]");

    HubFixture.dropFinalizers(hub.m(), instance);
    HubFixture.dropFinalizers(hub.m(), hold);
    assertThat(invariants.awaitGone("finalizers removed", instance, hold).count(Invariant.STUCK))
        .isZero();
  }

  @Test
  void stoppedServiceClusterIsNamedNotLost() {
    hub.delete();
    hub = new HubFixture(clusters).create(US_EAST_1);
    invariants = HubInvariants.of(clusters).limitedTo(hub.provider, hub.tenant);
    invariants.check("placed in us-east-1");
    KubeCluster us = clusters.get(US_EAST_1);

    us.stopApiServer();
    InvariantReport r;
    try {
      r = invariants.check("us-east-1 down");
    } finally {
      us.startApiServer(Duration.ofMinutes(2));
    }

    assertThat(r.unobserved()).containsEntry(US_EAST_1, "its API server is stopped");
    assertThat(r.toString()).contains("not observed: us-east-1 (its API server is stopped)");
    assertThat(invariants.check("us-east-1 back").totals().serviceObjects()).isEqualTo(1);
  }

  @Test
  void nothingLeftAfterTheTeardown() {
    AssertionError e = failure(() -> invariants.assertNothingLeft("before the teardown"));
    assertThat(e.getMessage())
        .contains("tenant instance still there after the teardown")
        .contains(EU_WEST_1 + " Namespace " + hub.serviceNamespace + ": service-side namespace");

    hub.delete();

    assertThat(
            invariants
                .settleWithin(HubInvariants.DEFAULT_BOUND)
                .assertNothingLeft("after the teardown")
                .clean())
        .isTrue();
  }

  private GenericKubernetesResource recreateInstance() {
    return HubFixture.create(
        hub.m(),
        """
        apiVersion: %s/v1
        kind: Cache
        metadata: {name: cache, namespace: %s, labels: {kubecarrier.io/region: eu-west-1}}
        spec: {size: 2}
        """
            .formatted(hub.group, hub.tenant));
  }

  private List<HasMetadata> publications() {
    List<HasMetadata> out = new ArrayList<>();
    out.add(
        hub.m()
            .genericKubernetesResources("catalog.kubecarrier.io/v1alpha1", "Offering")
            .inNamespace(hub.tenant)
            .withName(hub.tenantCrd)
            .get());
    out.add(
        hub.m()
            .rbac()
            .roles()
            .inNamespace(hub.tenant)
            .withName("kubecarrier:tenant:" + hub.tenantCrd)
            .get());
    out.add(
        hub.m()
            .rbac()
            .roleBindings()
            .inNamespace(hub.tenant)
            .withName("kubecarrier:tenant:" + hub.tenantCrd)
            .get());
    return out;
  }

  private static AssertionError failure(Runnable check) {
    AssertionError e = catchThrowableOfType(check::run, AssertionError.class);
    assertThat(e).as("the check fails").isNotNull();
    System.out.println(e.getMessage());
    return e;
  }
}
