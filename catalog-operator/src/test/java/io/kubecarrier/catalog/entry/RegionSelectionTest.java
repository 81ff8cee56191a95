package io.kubecarrier.catalog.entry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscoverySpec;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscoveryStatus;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrd;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegionSelectionTest {

  static CustomResourceDiscovery d(String cluster, String version) throws Exception {
    CustomResourceDiscovery d = new CustomResourceDiscovery();
    d.setMetadata(new ObjectMetaBuilder().withName("redis." + cluster).withNamespace("p").build());
    CustomResourceDiscoverySpec spec = new CustomResourceDiscoverySpec();
    spec.setServiceCluster(ObjectReference.of(cluster));
    d.setSpec(spec);
    if (version != null) {
      DiscoveredCrd crd = TenantCrdBuilderTest.redis(version);
      CustomResourceDiscoveryStatus s = new CustomResourceDiscoveryStatus();
      s.setCrd(crd);
      s.setCondition(
          Condition.ofTrue(ConditionTypes.DISCOVERED, "CRDDiscovered", "ok"), Instant.EPOCH);
      d.setStatus(s);
    }
    return d;
  }

  @Test
  void identicalCrdsGiveAllRegions() throws Exception {
    var s =
        RegionSelection.of(List.of(d("us-east-1", "v1"), d("eu-west-1", "v1"), d("ap-1", null)));
    assertThat(s.regions()).containsExactly("eu-west-1", "us-east-1");
    assertThat(s.mismatched()).isEmpty();
  }

  @Test
  void theLargestGroupWinsThenTheFirstCluster() throws Exception {
    var s = RegionSelection.of(List.of(d("a", "v2"), d("b", "v1"), d("c", "v1")));
    assertThat(s.regions()).containsExactly("b", "c");
    assertThat(s.mismatched()).containsExactly("a");
    var tie = RegionSelection.of(List.of(d("b", "v1"), d("a", "v2")));
    assertThat(tie.regions()).containsExactly("a");
    assertThat(tie.mismatched()).containsExactly("b");
  }

  @Test
  void nothingDiscovered() throws Exception {
    assertThat(RegionSelection.of(List.of(d("a", null))).reference()).isNull();
  }

  /** A discovery of {@code cluster} serving {@code versions} (the first is storage) with spec. */
  static CustomResourceDiscovery d(String cluster, String specProps, String... versions)
      throws Exception {
    CustomResourceDiscovery d = d(cluster, versions[0]);
    DiscoveredCrd crd = TenantCrdBuilderTest.redis(versions);
    for (var v : crd.getVersions()) {
      v.setSchema(SchemaMergeTest.schema(specProps));
    }
    d.getStatus().setCrd(crd);
    return d;
  }

  static CommonCrd.Current current(String storage, String specProps, String... stored)
      throws Exception {
    return new CommonCrd.Current(
        storage, List.of(stored), Map.of(storage, SchemaMergeTest.schema(specProps)));
  }

  static final String V = "'version':{'type':'string'}";
  static final String V_INT = "'version':{'type':'integer'}";
  static final String V_MEM = V + ",'maxMemory':{'type':'string'}";

  static RegionSelection select(CommonCrd.Current current, CustomResourceDiscovery... ds) {
    return RegionSelection.of(List.of(ds), v -> List.of(), current, List.of("a", "b"));
  }

  @Test
  void anAdditiveFieldInOneRegionKeepsBothRegions() throws Exception {
    var s = select(current("v1", V, "v1"), d("a", V, "v1"), d("b", V_MEM, "v1"));
    assertThat(s.regions()).containsExactly("a", "b");
    assertThat(s.mismatched()).isEmpty();
    assertThat(s.partial()).containsEntry(".spec.maxMemory", List.of("b"));
    assertThat(s.notes()).anyMatch(n -> n.contains(".spec.maxMemory: only in b"));
  }

  @Test
  void anIncompatibleUpgradeInOneRegionLeavesOutThatRegionNotTheOthers() throws Exception {
    // "a" sorts first and would win a tie: the tenant CRD as it is decides instead
    var s = select(current("v1", V, "v1"), d("a", V_INT, "v1"), d("b", V, "v1"));
    assertThat(s.regions()).containsExactly("b");
    assertThat(s.mismatched()).containsExactly("a");
    assertThat(s.differences().get("a"))
        .containsExactly("version v1, .spec.version: type string in b, integer in a");
    // once every region has upgraded, the new schema is offered everywhere
    var all = select(current("v1", V, "v1"), d("a", V_INT, "v1"), d("b", V_INT, "v1"));
    assertThat(all.regions()).containsExactly("a", "b");
  }

  @Test
  void aSecondVersionWithTheSameSchemaIsOfferedAndStorageStays() throws Exception {
    var s = select(current("v1", V, "v1"), d("a", V, "v2", "v1"), d("b", V, "v1"));
    assertThat(s.regions()).containsExactly("a", "b");
    assertThat(s.reference().getStorageVersion()).isEqualTo("v1");
    assertThat(s.reference().getVersions()).extracting(v -> v.getName()).contains("v1", "v2");
    assertThat(s.notes()).anyMatch(n -> n.contains("version v2 is served only in a"));
  }

  @Test
  void aSecondVersionWithAnotherSchemaIsNotOffered() throws Exception {
    var a = d("a", V, "v1", "v2");
    a.getStatus().getCrd().getVersions().get(1).setSchema(SchemaMergeTest.schema(V_MEM));
    var s = select(current("v1", V, "v1"), a, d("b", V, "v1"));
    assertThat(s.regions()).containsExactly("a", "b");
    assertThat(s.reference().getVersions()).extracting(v -> v.getName()).containsExactly("v1");
    assertThat(s.notes()).anyMatch(n -> n.contains("version v2 (a) is not offered"));
  }

  @Test
  void aRegionThatStopsServingTheStoredVersionIsLeftOutAndTheVersionStays() throws Exception {
    var s = select(current("v1", V, "v1"), d("a", V, "v1", "v2"), d("b", V, "v2"));
    assertThat(s.regions()).containsExactly("a");
    assertThat(s.differences().get("b"))
        .anyMatch(m -> m.contains("b does not serve version v1, which the tenant CRD stores"));
    assertThat(s.reference().getStorageVersion()).isEqualTo("v1");
    // every region moved on: the new version is stored, the old one stays in the tenant CRD
    var moved = select(current("v1", V, "v1"), d("a", V, "v2"), d("b", V, "v2"));
    assertThat(moved.regions()).containsExactly("a", "b");
    assertThat(moved.reference().getStorageVersion()).isEqualTo("v2");
    assertThat(moved.reference().getVersions())
        .extracting(v -> v.getName())
        .containsExactly("v2", "v1");
  }
}
