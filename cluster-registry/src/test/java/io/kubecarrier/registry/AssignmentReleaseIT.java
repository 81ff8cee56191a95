package io.kubecarrier.registry;

import static io.kubecarrier.registry.RegistryFixture.management;
import static io.kubecarrier.registry.RegistryFixture.providerNamespace;
import static io.kubecarrier.registry.RegistryFixture.readyServiceCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The registry acts on the agent letting go of a deleting assignment (its finalizer removed, the
 * generation unchanged) at once, not at its next resync: here the resync is ten minutes. Found by
 * {@code ./kc chaos}: a Catalog deleted and recreated left the old assignments in place for a
 * resync interval after their last instance went, and the new publication had to wait for them.
 */
@QuarkusTest
@TestProfile(AssignmentReleaseIT.LongResync.class)
class AssignmentReleaseIT {

  /** The IT profile with a resync the test would notice. */
  public static class LongResync extends RegistryProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> m = new java.util.HashMap<>(super.getConfigOverrides());
      m.put("kubecarrier.registry.assignment-resync-interval", "10m");
      return m;
    }
  }

  @Test
  void releasingAHeldDeletingAssignmentDeletesItsNamespaceAtOnce() {
    String provider = providerNamespace("provider");
    KubeCluster us = readyServiceCluster(provider, "us", KubeClusters.US_EAST_1);
    String tenant = RegistryFixture.unique("tenant");
    String name = Names.assignmentName(tenant, "us");
    AssignmentFixture.create(provider, tenant, "us");
    String serviceNamespace =
        AssignmentFixture.awaitReady(provider, name)
            .getStatus()
            .getServiceClusterNamespace()
            .getName();
    deleteWhileHeld(provider, name);

    AssignmentFixture.release(provider, name);

    // well within the ten-minute resync: the finalizer's removal itself runs the cleanup
    await("namespace and assignment gone after the release")
        .atMost(Duration.ofSeconds(30))
        .until(() -> AssignmentFixture.get(provider, name) == null);
    assertThat(us.adminClient().namespaces().withName(serviceNamespace).get()).isNull();
  }

  /**
   * The catalog operator publishes an assignment again the moment the released one is gone (same
   * name, new uid): the new one is reconciled (Ready), and its own deletion later finishes.
   */
  @Test
  void anAssignmentRecreatedRightAfterItsReleaseIsReconciledAndDeletable() {
    String provider = providerNamespace("provider");
    readyServiceCluster(provider, "us", KubeClusters.US_EAST_1);
    String tenant = RegistryFixture.unique("tenant");
    String name = Names.assignmentName(tenant, "us");
    AssignmentFixture.create(provider, tenant, "us");
    AssignmentFixture.awaitReady(provider, name);
    deleteWhileHeld(provider, name);
    AssignmentFixture.release(provider, name);
    await("released assignment gone")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> AssignmentFixture.get(provider, name) == null);
    ServiceClusterAssignment again = AssignmentFixture.create(provider, tenant, "us");

    AssignmentFixture.awaitReady(provider, name);
    management().resource(again).delete();
    await("recreated assignment deleted")
        .atMost(Duration.ofSeconds(30))
        .until(() -> AssignmentFixture.get(provider, name) == null);
  }

  /**
   * The catalog operator publishes the assignment again while the registry's execution that let go
   * of the old one is still finishing (the moment right after a registry restart, in {@code ./kc
   * chaos}): the old object's DELETE event and the new object's ADD event both arrive during that
   * execution. JOSDK's own finalizer removal then marked the new object "processed mark for
   * deletion": it got the registry's finalizer but no status, and its deletion never finished. The
   * registry now removes its finalizer itself (FinalizerRelease); the new object is reconciled and
   * its deletion finishes.
   */
  @Test
  void anAssignmentRecreatedWhileItsReleaseIsStillFinishingIsReconciledAndDeletable() {
    String provider = providerNamespace("provider");
    readyServiceCluster(provider, "us", KubeClusters.US_EAST_1);
    String tenant = RegistryFixture.unique("tenant");
    String name = Names.assignmentName(tenant, "us");
    AssignmentFixture.create(provider, tenant, "us");
    String oldUid = AssignmentFixture.awaitReady(provider, name).getMetadata().getUid();
    deleteWhileHeld(provider, name);
    AtomicReference<ServiceClusterAssignment> again = new AtomicReference<>();
    WhileReleasing.arm(
        provider,
        name,
        () -> {
          await("released assignment gone")
              .atMost(Duration.ofSeconds(20))
              .pollInterval(Duration.ofMillis(20))
              .until(() -> AssignmentFixture.get(provider, name) == null);
          again.set(AssignmentFixture.create(provider, tenant, "us"));
          // the registry's informer sees the new object (its ADD event) while this execution is
          // still running; JOSDK may reconcile it concurrently and add the finalizer
          await("recreated assignment seen by the registry")
              .atMost(Duration.ofSeconds(20))
              .pollDelay(Duration.ofSeconds(1))
              .until(() -> seenByRegistry(provider, name));
        });

    AssignmentFixture.release(provider, name);

    await("assignment recreated during the release")
        .atMost(Duration.ofSeconds(30))
        .until(() -> again.get() != null);
    assertThat(again.get().getMetadata().getUid()).isNotEqualTo(oldUid);
    ServiceClusterAssignment ready = AssignmentFixture.awaitReady(provider, name);
    assertThat(ready.getMetadata().getUid()).isEqualTo(again.get().getMetadata().getUid());
    assertThat(ready.getMetadata().getFinalizers()).contains(Finalizers.CLUSTER_REGISTRY);
    management().resource(ready).delete();
    await("recreated assignment deleted")
        .atMost(Duration.ofSeconds(30))
        .until(() -> AssignmentFixture.get(provider, name) == null);
  }

  /** Whether the registry has acted on the assignment: its finalizer or a status is there. */
  private static boolean seenByRegistry(String provider, String name) {
    ServiceClusterAssignment a = AssignmentFixture.get(provider, name);
    return a != null
        && (a.getStatus() != null
            || a.getMetadata().getFinalizers().contains(Finalizers.CLUSTER_REGISTRY));
  }

  /** Holds the assignment as the agent does, deletes it, and awaits Ready=True/InUse. */
  private static void deleteWhileHeld(String provider, String name) {
    AssignmentFixture.hold(provider, name);
    management()
        .resources(ServiceClusterAssignment.class)
        .inNamespace(provider)
        .withName(name)
        .delete();
    await("held: Ready=True InUse")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> AssignmentFixture.get(provider, name),
            a ->
                a.getStatus()
                    .getCondition(ConditionTypes.READY)
                    .filter(c -> Reasons.IN_USE.equals(c.getReason()))
                    .isPresent());
  }
}
