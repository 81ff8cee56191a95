package io.kubecarrier.propagation.kinds;

import static io.kubecarrier.propagation.TestInstances.T0;
import static io.kubecarrier.propagation.TestInstances.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentry.CatalogEntryStatus;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Reasons;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the agent propagates, and which informer events lead to a reconcile. */
class KindsTest {

  @Test
  void offeredKindNeedsACompleteEntryReadyOrNot() {
    CatalogEntry e = new CatalogEntry();
    e.setMetadata(new ObjectMeta());
    e.getMetadata().setName("redis");
    e.getMetadata().setNamespace("acme");
    assertThat(OfferedKind.from(e)).isEmpty();
    CatalogEntryStatus s = new CatalogEntryStatus();
    s.setTenantCrd(new CrdInformation("acme.hub.test", "Redis", "redis", List.of("v1"), "v1"));
    s.setServiceCrd(new CrdInformation("cache.example.com", "Redis", "redis", List.of("v1"), "v1"));
    s.setRegions(List.of("eu-west-1"));
    e.setStatus(s);
    // not Ready (or being deleted): its instances still need the agent
    assertThat(OfferedKind.from(e)).as("not Ready, but complete").isPresent();
    s.setCondition(Condition.ofTrue(ConditionTypes.READY, Reasons.READY, "ok"), T0);
    OfferedKind k = OfferedKind.from(e).orElseThrow();
    s.setServiceCrd(null);
    assertThat(OfferedKind.from(e)).as("no service CRD").isEmpty();
    assertThat(k.entryKey()).isEqualTo("acme/redis");
    assertThat(k.tenant()).isEqualTo(new ResourceType("acme.hub.test", "v1", "Redis", "redis"));
    assertThat(k.exposedPaths()).isEmpty();
  }

  @Test
  void ourFinalizerAppearingNeedsNoReconcileButOtherMetadataChangesDo() {
    GenericKubernetesResource before = tenant(Map.of("version", "7.2"));
    GenericKubernetesResource withOurs = tenant(Map.of("version", "7.2"));
    withOurs.getMetadata().setFinalizers(List.of(Finalizers.PROPAGATION_AGENT));
    assertThat(Propagator.metadataChanged(before, withOurs)).isFalse();
    // ours removed by someone else, or a foreign finalizer: look again
    assertThat(Propagator.metadataChanged(withOurs, before)).isTrue();
    GenericKubernetesResource foreign = tenant(Map.of("version", "7.2"));
    foreign.getMetadata().setFinalizers(List.of("example.com/other"));
    assertThat(Propagator.metadataChanged(before, foreign)).isTrue();
    GenericKubernetesResource relabelled = tenant(Map.of("version", "7.2"));
    relabelled.getMetadata().setLabels(Map.of("kubecarrier.io/region", "us-east-1"));
    assertThat(Propagator.metadataChanged(before, relabelled)).isTrue();
  }

  @Test
  void serviceSideChangesThatMatterAreStatusSpecLabelsOurAnnotationAndDeletion() {
    GenericKubernetesResource base = tenant(Map.of("version", "7.2"));
    base.getMetadata().setAnnotations(Map.of(Annotations.SOURCE, "team-a/cache"));
    GenericKubernetesResource annotated = tenant(Map.of("version", "7.2"));
    annotated
        .getMetadata()
        .setAnnotations(Map.of(Annotations.SOURCE, "team-a/cache", "cache.example.com/host", "h"));
    annotated.getMetadata().setResourceVersion("42");
    assertThat(ServiceWatches.changed(base, annotated)).isFalse();

    GenericKubernetesResource status = tenant(Map.of("version", "7.2"));
    status.getMetadata().setAnnotations(base.getMetadata().getAnnotations());
    status.setAdditionalProperty("status", Map.of("phase", "Running"));
    assertThat(ServiceWatches.changed(base, status)).isTrue();

    GenericKubernetesResource drifted = tenant(Map.of("version", "6.0"));
    drifted.getMetadata().setAnnotations(base.getMetadata().getAnnotations());
    assertThat(ServiceWatches.changed(base, drifted)).isTrue();

    GenericKubernetesResource ourAnnotationGone = tenant(Map.of("version", "7.2"));
    assertThat(ServiceWatches.changed(base, ourAnnotationGone)).isTrue();

    GenericKubernetesResource deleting = tenant(Map.of("version", "7.2"));
    deleting.getMetadata().setAnnotations(base.getMetadata().getAnnotations());
    deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertThat(ServiceWatches.changed(base, deleting)).isTrue();
  }
}
