package io.kubecarrier.catalog.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.ServiceClusterMetadata;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.servicecluster.ServiceClusterSpec;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class HeartbeatFilterTest {

  static final KubernetesSerialization JSON = new KubernetesSerialization();
  static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

  /** A Ready ServiceCluster as the cluster registry leaves it after a heartbeat at {@code t0}. */
  static ServiceCluster cluster() {
    ServiceCluster sc = new ServiceCluster();
    sc.setMetadata(
        new ObjectMetaBuilder()
            .withName("eu-west-1")
            .withNamespace("acme")
            .withGeneration(1L)
            .withResourceVersion("100")
            .withLabels(Map.of("region", "eu"))
            .withManagedFields(
                new ManagedFieldsEntryBuilder()
                    .withManager("cluster-registry")
                    .withOperation("Apply")
                    .withTime("2026-01-01T10:00:00Z")
                    .build())
            .build());
    ServiceClusterSpec spec = new ServiceClusterSpec();
    spec.setMetadata(new ServiceClusterMetadata("EU West", "the EU cluster"));
    spec.setKubeconfigSecret(ObjectReference.of("eu-west-1-kubeconfig"));
    sc.setSpec(spec);
    ServiceClusterStatus status = new ServiceClusterStatus();
    status.setObservedGeneration(1L);
    status.setKubernetesVersion("v1.35.4");
    status.setLastHeartbeatTime("2026-01-01T10:00:00Z");
    status.setCondition(
        Condition.ofTrue(
                ConditionTypes.SERVICE_CLUSTER_REACHABLE,
                Reasons.HEARTBEAT_OK,
                "The API server answered the last heartbeat.")
            .withObservedGeneration(1L),
        T0);
    status.setCondition(
        Condition.ofTrue(ConditionTypes.READY, Reasons.READY, "The service cluster is reachable.")
            .withObservedGeneration(1L),
        T0);
    sc.setStatus(status);
    return sc;
  }

  /** {@link #cluster()} changed by {@code change}, as the next version of the object. */
  static ServiceCluster next(Consumer<ServiceCluster> change) {
    ServiceCluster sc = JSON.clone(cluster());
    sc.getMetadata().setResourceVersion("101");
    change.accept(sc);
    return sc;
  }

  static boolean heartbeat(Consumer<ServiceCluster> change) {
    return HeartbeatFilter.isHeartbeat(cluster(), next(change));
  }

  @Test
  void aHeartbeatChangesOnlyTimesAndBookkeeping() {
    assertThat(
            heartbeat(
                sc -> {
                  sc.getStatus().setLastHeartbeatTime("2026-01-01T10:00:10Z");
                  sc.getMetadata().getManagedFields().get(0).setTime("2026-01-01T10:00:10Z");
                }))
        .isTrue();
    // bookkeeping of conditions: the same type, status, reason and message
    assertThat(
            heartbeat(
                sc ->
                    sc.getStatus()
                        .getConditions()
                        .forEach(c -> c.setLastTransitionTime("2026-01-01T10:00:10Z"))))
        .isTrue();
  }

  @Test
  void realChangesPass() {
    // Ready and Reachable turn (the registry lost the cluster)
    assertThat(
            heartbeat(
                sc -> {
                  sc.getStatus()
                      .setCondition(
                          Condition.ofUnknown(
                              ConditionTypes.SERVICE_CLUSTER_REACHABLE,
                              Reasons.HEARTBEAT_TIMEOUT,
                              "No successful heartbeat since 2026-01-01T10:00:00Z"),
                          T0.plusSeconds(40));
                  sc.getStatus()
                      .setCondition(
                          Condition.ofFalse(
                              ConditionTypes.READY,
                              Reasons.HEARTBEAT_TIMEOUT,
                              "No successful heartbeat since 2026-01-01T10:00:00Z"),
                          T0.plusSeconds(40));
                }))
        .isFalse();
    // same status, new reason or message
    assertThat(
            heartbeat(
                sc ->
                    sc.getStatus()
                        .setCondition(
                            Condition.ofTrue(
                                ConditionTypes.READY, Reasons.READY, "reachable again"),
                            T0)))
        .isFalse();
    // labels (the selectors of CatalogEntrySets), spec (Region texts), deletion, version
    assertThat(heartbeat(sc -> sc.getMetadata().setLabels(Map.of("region", "us")))).isFalse();
    assertThat(heartbeat(sc -> sc.getSpec().getMetadata().setDisplayName("EU West 2"))).isFalse();
    assertThat(
            heartbeat(
                sc -> {
                  sc.getMetadata().setDeletionTimestamp("2026-01-01T10:00:05Z");
                  sc.getMetadata().setFinalizers(List.of("kubecarrier.io/cluster-registry"));
                }))
        .isFalse();
    assertThat(heartbeat(sc -> sc.getStatus().setKubernetesVersion("v1.36.0"))).isFalse();
  }

  @Test
  void theFilterDropsHeartbeatsAndCountsBoth() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    HeartbeatFilter filter = new HeartbeatFilter("serviceclusters", meters);
    ServiceCluster beat = next(sc -> sc.getStatus().setLastHeartbeatTime("2026-01-01T10:00:10Z"));
    ServiceCluster relabelled = next(sc -> sc.getMetadata().setLabels(Map.of()));
    // JOSDK passes the new version first
    assertThat(filter.accept(beat, cluster())).isFalse();
    assertThat(filter.accept(relabelled, cluster())).isTrue();
    assertThat(count(meters, "heartbeat")).isEqualTo(1);
    assertThat(count(meters, "change")).isEqualTo(1);
  }

  private static double count(SimpleMeterRegistry meters, String result) {
    return meters
        .get("kubecarrier.catalog.servicecluster.updates")
        .tag("source", "serviceclusters")
        .tag("result", result)
        .counter()
        .count();
  }
}
