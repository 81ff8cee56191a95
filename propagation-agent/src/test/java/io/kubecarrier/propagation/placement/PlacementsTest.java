package io.kubecarrier.propagation.placement;

import static io.kubecarrier.propagation.TestInstances.KIND;
import static io.kubecarrier.propagation.TestInstances.meta;
import static io.kubecarrier.propagation.TestInstances.tenant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentSpec;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentStatus;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.status.InstanceStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where an instance goes, and whether its kind is still offered there (docs/lifecycle.md). */
class PlacementsTest {

  final Map<String, ServiceCluster> clusters = new HashMap<>();
  final Map<String, ServiceClusterAssignment> assignments = new HashMap<>();
  final Placements placements =
      new Placements(clusters::get, assignments::get, labels -> true, true);

  PlacementsTest() {
    for (String region : List.of("eu-west-1", "us-east-1")) {
      ServiceCluster sc = new ServiceCluster();
      sc.setMetadata(meta("acme", region));
      clusters.put("acme/" + region, sc);
      assignments.put("acme/team-a." + region, assignment(region, "kc-acme-team-a", true));
    }
  }

  @Test
  void anInstanceWithoutRegionLabelIsPlacedInTheOnlyRegionAndPinned() {
    Placements.Resolved r = placements.resolve(KIND, tenant(Map.of()));
    assertThat(r.ok()).isTrue();
    assertThat(r.placement()).isEqualTo(new Placement("acme", "eu-west-1", "kc-acme-team-a"));
    assertThat(r.pin()).isEqualTo("eu-west-1");
    assertThat(r.recorded()).isNull();
  }

  @Test
  void aPlacedInstanceStaysInItsRegionWhenASecondRegionAppears() {
    OfferedKind twoRegions = withRegions("eu-west-1", "us-east-1");
    GenericKubernetesResource t = placedIn(tenant(Map.of()), "us-east-1");
    Placements.Resolved r = placements.resolve(twoRegions, t);
    assertThat(r.ok()).as(r.message()).isTrue();
    assertThat(r.placement().cluster()).isEqualTo("us-east-1");
    assertThat(r.pin()).isEqualTo("us-east-1");
    // a new instance without a label cannot choose
    assertThat(placements.resolve(twoRegions, tenant(Map.of())).reason())
        .isEqualTo(Reasons.REGION_REQUIRED);
  }

  @Test
  void aWithdrawnRegionKeepsItsInstancesButTakesNoNewOnes() {
    OfferedKind euOnly = withRegions("eu-west-1");
    GenericKubernetesResource placed =
        placedIn(labelled(tenant(Map.of()), "us-east-1"), "us-east-1");
    assertThat(placements.resolve(euOnly, placed).ok()).isTrue();
    assertThat(placements.resolve(euOnly, placed).placedBefore()).isTrue();
    GenericKubernetesResource fresh = labelled(tenant(Map.of()), "us-east-1");
    assertThat(placements.resolve(euOnly, fresh).reason()).isEqualTo(Reasons.UNKNOWN_REGION);
  }

  @Test
  void anAssignmentBeingDeletedIsUsableOnlyWhileTheAgentHoldsIt() {
    ServiceClusterAssignment sca = assignment("eu-west-1", "kc-acme-team-a", true);
    sca.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertThat(Placements.usable(sca)).isEqualTo("is being deleted");
    sca.getMetadata().setFinalizers(List.of("kubecarrier.io/cluster-registry", hold()));
    assertThat(Placements.usable(sca)).isNull();
    ServiceClusterAssignment notReady = assignment("eu-west-1", "kc-acme-team-a", false);
    assertThat(Placements.usable(notReady)).isEqualTo("is not Ready");
    notReady.getMetadata().setFinalizers(List.of(hold()));
    assertThat(Placements.usable(notReady)).as("held: its namespace stays").isNull();
    assertThat(Placements.usable(null)).isEqualTo("does not exist");
  }

  @Test
  void aMissingAssignmentSaysSoAndStillPins() {
    assignments.clear();
    Placements.Resolved r = placements.resolve(KIND, tenant(Map.of()));
    assertThat(r.ok()).isFalse();
    assertThat(r.reason()).isEqualTo(Reasons.ASSIGNMENT_MISSING);
    assertThat(r.message()).contains("does not exist");
  }

  @Test
  void letGoIsTheAnnotationOnTheServiceCluster() {
    assertThat(placements.letGo("acme/eu-west-1")).isFalse();
    clusters
        .get("acme/eu-west-1")
        .getMetadata()
        .setAnnotations(Map.of(Annotations.LET_GO, Annotations.LET_GO_TRUE));
    assertThat(placements.letGo("acme/eu-west-1")).isTrue();
    assertThat(placements.letGo("acme/gone")).isFalse();
  }

  @Test
  void shardSelectors() {
    assertThat(LabelSelectors.parse("").test(Map.of())).isTrue();
    assertThat(LabelSelectors.parse("shard=b").test(Map.of("shard", "b"))).isTrue();
    assertThat(LabelSelectors.parse("shard=b").test(Map.of())).isFalse();
    assertThat(LabelSelectors.parse("shard!=b").test(Map.of())).isTrue();
    assertThat(LabelSelectors.parse("shard!=b, tier==gold").test(Map.of("tier", "gold"))).isTrue();
    assertThat(LabelSelectors.parse("!shard").test(Map.of("shard", "a"))).isFalse();
    assertThatThrownBy(() -> LabelSelectors.parse("shard in (a,b)"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void offeredSaysWhetherTheKindAndRegionAreStillOffered() {
    GenericKubernetesResource t = tenant(Map.of());
    Offering published = offering(false);
    Condition ok = Offerings.condition(KIND, t, published, "eu-west-1");
    assertThat(ok.getStatus()).isEqualTo(Condition.TRUE);
    assertThat(ok.getType()).isEqualTo(ConditionTypes.OFFERED);

    Condition withdrawn = Offerings.condition(KIND, t, offering(true), "eu-west-1");
    assertThat(withdrawn.getReason()).isEqualTo(Reasons.WITHDRAWN);
    assertThat(withdrawn.getMessage()).contains("keeps running and syncing");
    assertThat(Offerings.refusal(KIND, offering(true), "team-a")).contains("never placed");
    assertThat(Offerings.refusal(KIND, published, "team-a")).isNull();
    assertThat(Offerings.refusal(KIND, null, "team-a"))
        .as("no Offering: admission decides")
        .isNull();

    Condition region = Offerings.condition(KIND, t, published, "us-east-1");
    assertThat(region.getReason()).isEqualTo(Reasons.WITHDRAWN);
    assertThat(region.getMessage()).contains("region us-east-1 is no longer offered");

    assertThat(Offerings.condition(KIND, t, null, "eu-west-1").getReason())
        .isEqualTo(Reasons.NOT_OFFERED);
  }

  @Test
  void anInstanceInARegionLeftOutForItsCrdSaysWhatDiffers() {
    OfferedKind kind =
        new OfferedKind(
            "acme",
            "redis",
            KIND.tenant(),
            KIND.service(),
            KIND.exposedPaths(),
            List.of("eu-west-1"),
            Map.of(
                "us-east-1",
                List.of("version v1, .spec.size: type string in eu-west-1, integer in us-east-1")));
    Condition c = Offerings.condition(kind, tenant(Map.of()), null, "us-east-1");
    assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(c.getReason()).isEqualTo(Reasons.CRD_MISMATCH);
    assertThat(c.getMessage())
        .contains("region us-east-1 is left out")
        .contains(".spec.size: type string in eu-west-1, integer in us-east-1")
        .contains("keeps running there");
  }

  static String hold() {
    return Finalizers.PROPAGATION_AGENT;
  }

  static OfferedKind withRegions(String... regions) {
    return new OfferedKind(
        "acme", "redis", KIND.tenant(), KIND.service(), KIND.exposedPaths(), List.of(regions));
  }

  static GenericKubernetesResource placedIn(GenericKubernetesResource t, String region) {
    t.setAdditionalProperty(
        "status",
        Map.of(
            InstanceStatus.BLOCK,
            Map.of(
                InstanceStatus.SERVICE_CLUSTER,
                region,
                InstanceStatus.SERVICE_NAMESPACE,
                "kc-acme-team-a")));
    return t;
  }

  static GenericKubernetesResource labelled(GenericKubernetesResource t, String region) {
    t.getMetadata().setLabels(Map.of(Labels.REGION, region));
    return t;
  }

  static ServiceClusterAssignment assignment(String region, String namespace, boolean ready) {
    ServiceClusterAssignment a = new ServiceClusterAssignment();
    a.setMetadata(meta("acme", "team-a." + region));
    ServiceClusterAssignmentSpec spec = new ServiceClusterAssignmentSpec();
    spec.setServiceCluster(ObjectReference.of(region));
    spec.setManagementNamespace(ObjectReference.of("team-a"));
    a.setSpec(spec);
    ServiceClusterAssignmentStatus status = new ServiceClusterAssignmentStatus();
    status.setServiceClusterNamespace(ObjectReference.of(namespace));
    status.setCondition(
        ready
            ? Condition.ofTrue(ConditionTypes.READY, Reasons.READY, "ok")
            : Condition.ofFalse(ConditionTypes.READY, Reasons.PROGRESSING, "not yet"),
        Clock.systemUTC());
    a.setStatus(status);
    return a;
  }

  static Offering offering(boolean withdrawn) {
    Offering o = new Offering();
    o.setMetadata(meta("team-a", Offerings.name(KIND)));
    if (withdrawn) {
      o.getMetadata().setLabels(Map.of(Labels.WITHDRAWN, Labels.WITHDRAWN_TRUE));
    }
    return o;
  }
}
