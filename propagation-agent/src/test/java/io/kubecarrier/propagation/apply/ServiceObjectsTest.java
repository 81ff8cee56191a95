package io.kubecarrier.propagation.apply;

import static io.kubecarrier.propagation.TestInstances.KIND;
import static io.kubecarrier.propagation.TestInstances.tenant;
import static io.kubecarrier.propagation.TestInstances.withUid;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.MetadataPropagation;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.placement.Placement;
import io.kubecarrier.propagation.queue.WorkItem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The objects the agent writes, and how it tells its own from others' (docs/lifecycle.md). */
class ServiceObjectsTest {

  @Test
  void desiredServiceObjectCarriesOnlyExposedSpecAndOwnerLabels() {
    GenericKubernetesResource d =
        ServiceObjects.desired(
            KIND,
            tenant(Map.of("version", "7.2", "secret", "no")),
            new Placement("acme", "eu-west-1", "kc-team-a"));
    assertThat(d.getApiVersion()).isEqualTo("cache.example.com/v1");
    assertThat(d.getMetadata().getNamespace()).isEqualTo("kc-team-a");
    assertThat(d.getMetadata().getName()).isEqualTo("cache");
    assertThat(ServiceObjects.map(d, "spec")).isEqualTo(Map.of("version", "7.2"));
    assertThat(d.getMetadata().getLabels())
        .containsEntry(Labels.OWNER_NAMESPACE, "team-a")
        .containsEntry(Labels.OWNER_NAME, "cache")
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_PROPAGATION_AGENT);
    assertThat(ServiceObjects.owner(KIND, d))
        .contains(new WorkItem.Instance("acme/redis", "team-a", "cache"));
  }

  @Test
  void tenantLabelsAndAnnotationsPassAsTheAllowListSaysButNeverOurs() {
    GenericKubernetesResource t = tenant(Map.of("version", "7.2"));
    t.getMetadata()
        .setLabels(
            Map.of(
                "team",
                "blue",
                "strimzi.io/cluster",
                "my-cluster",
                "cost-center",
                "42",
                Labels.REGION,
                "eu-west-1",
                "x.kubecarrier.io/y",
                "z"));
    t.getMetadata()
        .setAnnotations(
            Map.of(
                "note", "hi",
                "kubectl.kubernetes.io/last-applied-configuration", "{}",
                "kubecarrier.io/orphan", "true"));
    Placement at = new Placement("acme", "eu-west-1", "kc-team-a");
    GenericKubernetesResource all = ServiceObjects.desired(KIND, t, at);
    assertThat(all.getMetadata().getLabels())
        .containsEntry("team", "blue")
        .containsEntry("strimzi.io/cluster", "my-cluster")
        .containsEntry("cost-center", "42")
        .doesNotContainKeys(Labels.REGION, "x.kubecarrier.io/y")
        .containsEntry(Labels.OWNER_NAME, "cache");
    assertThat(all.getMetadata().getAnnotations())
        .containsEntry("note", "hi")
        .doesNotContainKeys(
            "kubectl.kubernetes.io/last-applied-configuration", "kubecarrier.io/orphan");
    OfferedKind restricted =
        new OfferedKind(
            KIND.entryNamespace(),
            KIND.entryName(),
            KIND.tenant(),
            KIND.service(),
            KIND.exposedPaths(),
            KIND.regions(),
            Map.of(),
            null,
            null,
            new MetadataPropagation(List.of("team", "strimzi.io/*"), List.of()));
    GenericKubernetesResource some = ServiceObjects.desired(restricted, t, at);
    assertThat(some.getMetadata().getLabels())
        .containsEntry("team", "blue")
        .containsEntry("strimzi.io/cluster", "my-cluster")
        .doesNotContainKey("cost-center");
    assertThat(some.getMetadata().getAnnotations()).doesNotContainKey("note");
    // a label removed by the tenant changes the applied hash, so the apply removes it
    t.getMetadata().setLabels(Map.of("team", "blue"));
    assertThat(ServiceObjects.upToDate(all, ServiceObjects.desired(KIND, t, at))).isFalse();
  }

  @Test
  void upToDateIgnoresFieldsOwnedByOthersButSeesDrift() {
    GenericKubernetesResource d =
        ServiceObjects.desired(
            KIND, tenant(Map.of("version", "7.2")), new Placement("acme", "eu-west-1", "kc-a"));
    GenericKubernetesResource actual =
        ServiceObjects.desired(
            KIND, tenant(Map.of("version", "7.2")), new Placement("acme", "eu-west-1", "kc-a"));
    actual.setAdditionalProperty(
        "spec", new LinkedHashMap<>(Map.of("version", "7.2", "memory", "1Gi")));
    actual.getMetadata().getLabels().put("other", "x");
    assertThat(ServiceObjects.upToDate(actual, d)).isTrue();
    actual.setAdditionalProperty("spec", Map.of("version", "6.0"));
    assertThat(ServiceObjects.upToDate(actual, d)).isFalse();
    assertThat(ServiceObjects.upToDate(null, d)).isFalse();
  }

  @Test
  void exposedPathsSelectSubtrees() {
    ExposedPaths p = new ExposedPaths(List.of(".spec.a.b", ".status.phase", ".spec.c"));
    assertThat(p.spec(Map.of("a", Map.of("b", 1, "x", 2), "c", List.of(1), "d", 4)))
        .isEqualTo(Map.of("a", Map.of("b", 1), "c", List.of(1)));
    assertThat(p.status(Map.of("phase", "Running", "endpoint", "e")))
        .isEqualTo(Map.of("phase", "Running"));
    assertThat(new ExposedPaths(List.of()).spec(Map.of("x", 1))).isEqualTo(Map.of("x", 1));
    assertThat(ExposedPaths.covers(Map.of("n", 1L), Map.of("n", 1))).isTrue();
  }

  @Test
  void connectionSecretCopyKeepsDataAndNamesTheInstance() {
    var src =
        new SecretBuilder()
            .withNewMetadata()
            .withName("cache-auth")
            .withNamespace("kc-a")
            .endMetadata()
            .addToData("password", "cw==")
            .build();
    var copy = ServiceObjects.tenantSecret(KIND, tenant(Map.of()), src, "eu-west-1");
    assertThat(copy.getMetadata().getName()).isEqualTo("cache-redis-connection.acme.hub.test");
    assertThat(copy.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(copy.getData()).containsEntry("password", "cw==");
    assertThat(copy.getType()).isEqualTo("Opaque");
    GenericKubernetesResource svc = tenant(Map.of());
    svc.setAdditionalProperty(
        "status", Map.of("connectionSecretRef", Map.of("name", "cache-auth")));
    assertThat(ServiceObjects.connectionSecretRef(svc)).contains("cache-auth");
  }

  @Test
  void adoptedTenantObjectGetsRegionAndExposedSpec() {
    GenericKubernetesResource svc = tenant(Map.of("version", "6.2", "internal", true));
    GenericKubernetesResource t = ServiceObjects.adopted(KIND, svc, "team-b", "eu-west-1");
    assertThat(t.getApiVersion()).isEqualTo("acme.hub.test/v1");
    assertThat(t.getMetadata().getNamespace()).isEqualTo("team-b");
    assertThat(t.getMetadata().getLabels()).containsEntry(Labels.REGION, "eu-west-1");
    assertThat(ServiceObjects.map(t, "spec")).isEqualTo(Map.of("version", "6.2"));
  }

  @Test
  void onlyObjectsLabelledForThisInstanceAreItsOwn() {
    GenericKubernetesResource t = withUid(tenant(Map.of("version", "7.2")), "u1");
    Placement pl = new Placement("acme", "eu-west-1", "kc-acme-team-a");
    GenericKubernetesResource mine = ServiceObjects.desired(KIND, t, pl);
    assertThat(ServiceObjects.relation(KIND, t, pl, mine)).isEqualTo(ServiceObjects.Ownership.MINE);

    GenericKubernetesResource older =
        ServiceObjects.desired(KIND, withUid(tenant(Map.of()), "u0"), pl);
    assertThat(ServiceObjects.relation(KIND, t, pl, older))
        .as("an earlier instance of that name")
        .isEqualTo(ServiceObjects.Ownership.STALE);

    GenericKubernetesResource unlabelled = ServiceObjects.desired(KIND, t, pl);
    unlabelled.getMetadata().setLabels(Map.of());
    assertThat(ServiceObjects.relation(KIND, t, pl, unlabelled))
        .as("never taken over")
        .isEqualTo(ServiceObjects.Ownership.FOREIGN);

    GenericKubernetesResource otherProvider = ServiceObjects.desired(KIND, t, pl);
    Map<String, String> labels = new LinkedHashMap<>(otherProvider.getMetadata().getLabels());
    labels.put(Labels.OWNER_GROUP, "beta.hub.test");
    otherProvider.getMetadata().setLabels(labels);
    assertThat(ServiceObjects.relation(KIND, t, pl, otherProvider))
        .isEqualTo(ServiceObjects.Ownership.FOREIGN);

    // legacy copies (no owner uid) are this instance's
    GenericKubernetesResource legacy = ServiceObjects.desired(KIND, t, pl);
    Map<String, String> noUid = new LinkedHashMap<>(legacy.getMetadata().getLabels());
    noUid.remove(Labels.OWNER_UID);
    legacy.getMetadata().setLabels(noUid);
    assertThat(ServiceObjects.relation(KIND, t, pl, legacy))
        .isEqualTo(ServiceObjects.Ownership.MINE);
  }

  @Test
  void anAdoptedInstanceOwnsExactlyTheObjectItWasMadeFrom() {
    Placement pl = new Placement("acme", "eu-west-1", "kc-acme-team-a");
    GenericKubernetesResource service = tenant(Map.of("version", "6.2"));
    service.getMetadata().setNamespace("kc-acme-team-a");
    GenericKubernetesResource adopted =
        ServiceObjects.adopted(KIND, service, "team-a", "eu-west-1");
    assertThat(ServiceObjects.relation(KIND, adopted, pl, service))
        .isEqualTo(ServiceObjects.Ownership.MINE);
    Placement elsewhere = new Placement("acme", "us-east-1", "kc-acme-team-a");
    assertThat(ServiceObjects.relation(KIND, adopted, elsewhere, service))
        .isEqualTo(ServiceObjects.Ownership.FOREIGN);
    service.getMetadata().setAnnotations(Map.of(Annotations.ORPHANED_FROM, "team-a/cache"));
    assertThat(ServiceObjects.relation(KIND, adopted, pl, service))
        .as("orphaned objects are not adopted straight back")
        .isEqualTo(ServiceObjects.Ownership.FOREIGN);
  }

  @Test
  void aFieldRemovedFromTheSpecMakesTheObjectOutOfDate() {
    Placement pl = new Placement("acme", "eu-west-1", "kc-acme-team-a");
    GenericKubernetesResource before =
        ServiceObjects.desired(KIND, tenant(Map.of("version", "7.2")), pl);
    GenericKubernetesResource actual = before;
    GenericKubernetesResource same =
        ServiceObjects.desired(KIND, tenant(Map.of("version", "7.2")), pl);
    assertThat(ServiceObjects.upToDate(actual, same)).isTrue();
    // the exposed paths of KIND are .spec.version and .status.phase: use an unexposed kind
    OfferedKind whole =
        new OfferedKind(
            "acme", "redis", KIND.tenant(), KIND.service(), List.of(), List.of("eu-west-1"));
    GenericKubernetesResource withMemory =
        ServiceObjects.desired(whole, tenant(Map.of("version", "7.2", "memory", "1Gi")), pl);
    GenericKubernetesResource withoutMemory =
        ServiceObjects.desired(whole, tenant(Map.of("version", "7.2")), pl);
    assertThat(ServiceObjects.upToDate(withMemory, withoutMemory))
        .as("covers, but was applied from another spec")
        .isFalse();
    assertThat(withMemory.getMetadata().getAnnotations().get(Annotations.APPLIED_HASH))
        .isNotEqualTo(withoutMemory.getMetadata().getAnnotations().get(Annotations.APPLIED_HASH));
  }
}
