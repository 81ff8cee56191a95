package io.kubecarrier.catalog.entry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.api.common.CrdInformation;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionPoliciesTest {

  static final CrdInformation CRD =
      new CrdInformation("p.hub.io", "Redis", "redis", List.of("v1"), "v1");

  @Test
  void oneRegionNeedsNoLabel() {
    var v = AdmissionPolicies.validations(CRD, List.of("eu-west-1"));
    assertThat(v).hasSize(2);
    assertThat(v.get(0).getExpression()).contains("['eu-west-1']");
    assertThat(v.get(0).getMessageExpression()).contains("use one of: eu-west-1");
  }

  @Test
  void severalRegionsRequireTheLabel() {
    var v = AdmissionPolicies.validations(CRD, List.of("eu-west-1", "us-east-1"));
    assertThat(v).hasSize(3);
    assertThat(v.get(1).getMessage()).contains("required", "eu-west-1, us-east-1");
    assertThat(v.get(2).getMessageExpression()).contains("immutable");
  }

  @Test
  void noRegionRefusesCreation() {
    var v = AdmissionPolicies.validations(CRD, List.of());
    assertThat(v).hasSize(1);
    assertThat(v.get(0).getExpression()).isEqualTo("request.operation != 'CREATE'");
  }

  @Test
  void namesFit() {
    assertThat(AdmissionPolicies.name("redis.p.hub.io"))
        .isEqualTo("kubecarrier-region.redis.p.hub.io");
    assertThat(AdmissionPolicies.name("r".repeat(250) + ".io")).hasSizeLessThanOrEqualTo(253);
  }
}
