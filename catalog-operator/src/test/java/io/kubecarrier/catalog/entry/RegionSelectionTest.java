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
}
