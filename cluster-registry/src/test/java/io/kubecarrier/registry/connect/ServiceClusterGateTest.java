package io.kubecarrier.registry.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import io.kubecarrier.operator.clusters.ConnectionException;
import io.kubecarrier.operator.status.StatusPatches;
import io.kubecarrier.registry.connect.ServiceClusterGate.Passage;
import java.net.ConnectException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceClusterGateTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aReachableClusterIsOpenEvenWhenNotReady() {
    ServiceCluster deleting =
        cluster(
            Condition.ofTrue(
                ConditionTypes.SERVICE_CLUSTER_REACHABLE, Reasons.HEARTBEAT_OK, "answered"),
            Condition.ofFalse(ConditionTypes.READY, Reasons.DEPENDENTS_EXIST, "waiting"));
    deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertThat(ServiceClusterGate.closedUnlessReachable(deleting)).isEmpty();
  }

  @Test
  void anUnreachableClusterIsClosedWithItsReason() {
    Optional<Passage.Closed> timeout =
        ServiceClusterGate.closedUnlessReachable(
            cluster(
                Condition.ofUnknown(
                    ConditionTypes.SERVICE_CLUSTER_REACHABLE,
                    Reasons.HEARTBEAT_TIMEOUT,
                    "no heartbeat"),
                Condition.ofFalse(ConditionTypes.READY, Reasons.HEARTBEAT_TIMEOUT, "x")));
    assertThat(timeout).isPresent();
    assertThat(timeout.get().reason()).isEqualTo(Reasons.CLUSTER_UNREACHABLE);
    assertThat(timeout.get().message()).contains("p/eu").contains("no heartbeat");
    assertThat(timeout.get().missing()).isFalse();
    assertThat(timeout.get().letGo()).isFalse();

    Passage.Closed token =
        ServiceClusterGate.closedUnlessReachable(
                cluster(
                    Condition.ofFalse(
                        ConditionTypes.SERVICE_CLUSTER_REACHABLE, Reasons.UNAUTHORIZED, "401")))
            .orElseThrow();
    assertThat(token.reason()).isEqualTo(Reasons.SERVICE_CLUSTER_NOT_READY);

    Passage.Closed unchecked = ServiceClusterGate.closedUnlessReachable(cluster()).orElseThrow();
    assertThat(unchecked.reason()).isEqualTo(Reasons.SERVICE_CLUSTER_NOT_READY);
    ServiceCluster noStatus = cluster();
    noStatus.setStatus(null);
    assertThat(ServiceClusterGate.closedUnlessReachable(noStatus)).isPresent();
  }

  @Test
  void aClusterThatAnswersWithErrorsIsNotCalledUnreachable() {
    Passage.Closed failing =
        ServiceClusterGate.closedUnlessReachable(
                cluster(
                    Condition.ofFalse(
                        ConditionTypes.SERVICE_CLUSTER_REACHABLE,
                        Reasons.SERVER_ERROR,
                        "HTTP 503")))
            .orElseThrow();
    assertThat(failing.reason()).isEqualTo(Reasons.SERVICE_CLUSTER_NOT_READY);
    assertThat(failing.message()).contains("cannot be used (ServerError: HTTP 503)");
  }

  @Test
  void aFailedRequestOfADependentIsUnreachableOnlyWithoutAnAnswer() {
    ServiceClusterConnection connection =
        new ServiceClusterConnection("uid/1", "https://eu.example:6443", null);

    ConnectionException refused =
        ServiceClusterGate.failure(
            new KubernetesClientException(
                "Operation failed", new ConnectException("Connection refused")),
            connection);
    assertThat(refused.reason()).isEqualTo(Reasons.CLUSTER_UNREACHABLE);
    assertThat(refused.isTransient()).isTrue();
    assertThat(refused.getMessage())
        .contains("https://eu.example:6443")
        .contains("does not answer");

    ConnectionException invalid =
        ServiceClusterGate.failure(
            apiError(
                422,
                "RoleBinding.rbac.authorization.k8s.io \"kubecarrier\" is invalid: roleRef:"
                    + " Invalid value: \"view\": cannot change roleRef"),
            connection);
    assertThat(invalid.reason()).isEqualTo(Reasons.REQUEST_REJECTED);
    assertThat(invalid.isTransient()).isFalse();
    assertThat(invalid.getMessage())
        .contains("HTTP 422")
        .contains("cannot change roleRef")
        .doesNotContain("does not answer");

    ConnectionException conflict =
        ServiceClusterGate.failure(
            apiError(409, "namespaces \"kc-p-t\" already exists"), connection);
    assertThat(conflict.reason()).isEqualTo(Reasons.REQUEST_REJECTED);
    assertThat(conflict.getMessage()).contains("HTTP 409").contains("already exists");

    ConnectionException failing =
        ServiceClusterGate.failure(
            apiError(500, "Internal error occurred: failed calling webhook"), connection);
    assertThat(failing.reason()).isEqualTo(Reasons.SERVER_ERROR);
    assertThat(failing.isTransient()).isTrue();
    assertThat(failing.getMessage()).contains("HTTP 500").contains("failed calling webhook");
  }

  private static KubernetesClientException apiError(int code, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withMessage(message).build());
  }

  @Test
  void aClosedPassageTellsWhetherTheClusterIsLetGo() {
    ServiceCluster sc =
        cluster(
            Condition.ofUnknown(
                ConditionTypes.SERVICE_CLUSTER_REACHABLE, Reasons.HEARTBEAT_TIMEOUT, "gone"));
    sc.getMetadata().setAnnotations(Map.of(Annotations.LET_GO, Annotations.LET_GO_TRUE));
    assertThat(ServiceClusterGate.letGo(sc)).isTrue();
    assertThat(ServiceClusterGate.closedUnlessReachable(sc).orElseThrow().letGo()).isTrue();
    sc.getMetadata().setAnnotations(Map.of(Annotations.LET_GO, "false"));
    assertThat(ServiceClusterGate.letGo(sc)).isFalse();
  }

  @Test
  void dependentsWakeOnReachabilityDeletionAndLetGoButNotOnHeartbeats() {
    ServiceCluster old =
        cluster(
            Condition.ofTrue(
                ConditionTypes.SERVICE_CLUSTER_REACHABLE, Reasons.HEARTBEAT_OK, "answered"),
            Condition.ofTrue(ConditionTypes.READY, Reasons.READY, "ok"));
    old.getStatus().setLastHeartbeatTime("2026-01-01T00:00:00Z");

    ServiceCluster heartbeat = copy(old);
    heartbeat.getStatus().setLastHeartbeatTime("2026-01-01T00:00:10Z");
    heartbeat.getMetadata().setResourceVersion("2");
    assertThat(ServiceClusterGate.mattersToDependents(heartbeat, old)).isFalse();

    ServiceCluster notReadyOnly = copy(old);
    notReadyOnly
        .getStatus()
        .setCondition(
            Condition.ofFalse(ConditionTypes.READY, Reasons.DEPENDENTS_EXIST, "waiting"), T0);
    assertThat(ServiceClusterGate.mattersToDependents(notReadyOnly, old))
        .as("Ready alone does not open or close the gate")
        .isFalse();

    ServiceCluster unreachable = copy(old);
    unreachable
        .getStatus()
        .setCondition(
            Condition.ofUnknown(
                ConditionTypes.SERVICE_CLUSTER_REACHABLE, Reasons.HEARTBEAT_TIMEOUT, "silent"),
            T0);
    assertThat(ServiceClusterGate.mattersToDependents(unreachable, old)).isTrue();

    ServiceCluster otherReason = copy(unreachable);
    otherReason
        .getStatus()
        .setCondition(
            Condition.ofUnknown(
                ConditionTypes.SERVICE_CLUSTER_REACHABLE, Reasons.UNAUTHORIZED, "401"),
            T0);
    assertThat(ServiceClusterGate.mattersToDependents(otherReason, unreachable)).isTrue();

    ServiceCluster deleted = copy(old);
    deleted.getMetadata().setDeletionTimestamp("2026-01-01T00:00:20Z");
    assertThat(ServiceClusterGate.mattersToDependents(deleted, old)).isTrue();
    ServiceCluster deletedBeat = copy(deleted);
    deletedBeat.getStatus().setLastHeartbeatTime("2026-01-01T00:00:30Z");
    assertThat(ServiceClusterGate.mattersToDependents(deletedBeat, deleted))
        .as("heartbeats during deletion do not wake them either")
        .isFalse();

    ServiceCluster letGo = copy(old);
    letGo.getMetadata().setAnnotations(Map.of(Annotations.LET_GO, Annotations.LET_GO_TRUE));
    assertThat(ServiceClusterGate.mattersToDependents(letGo, old)).isTrue();
    assertThat(ServiceClusterGate.mattersToDependents(old, letGo)).isTrue();

    ServiceCluster respec = copy(old);
    respec.getMetadata().setGeneration(2L);
    assertThat(ServiceClusterGate.mattersToDependents(respec, old)).isTrue();
  }

  private static ServiceCluster cluster(Condition... conditions) {
    ServiceCluster sc = new ServiceCluster();
    sc.getMetadata().setNamespace("p");
    sc.getMetadata().setName("eu");
    sc.getMetadata().setGeneration(1L);
    ServiceClusterStatus status = new ServiceClusterStatus();
    for (Condition c : conditions) {
      status.setCondition(c, T0);
    }
    sc.setStatus(status);
    return sc;
  }

  private static ServiceCluster copy(ServiceCluster sc) {
    return StatusPatches.copy(sc);
  }
}
