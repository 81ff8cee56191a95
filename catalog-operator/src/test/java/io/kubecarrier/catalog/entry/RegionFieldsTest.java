package io.kubecarrier.catalog.entry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegionFieldsTest {

  @Test
  void aFieldKnownInOneRegionIsAcceptedOnlyThere() {
    var v =
        RegionFields.validations(
            List.of("eu-west-1", "us-east-1"), Map.of(".spec.maxMemory", List.of("us-east-1")));
    assertThat(v).hasSize(1);
    assertThat(v.get(0).getExpression())
        .startsWith("!(has(object.spec) && has(object.spec.maxMemory))")
        .contains("in ['us-east-1']");
    assertThat(v.get(0).getMessage())
        .isEqualTo(
            "field .spec.maxMemory is only available in region us-east-1 (the service CRD in"
                + " eu-west-1 does not have it): remove it, or create the instance in that region");
  }

  @Test
  void arraysAreSearchedAndMapsAndOddNamesSkipped() {
    assertThat(RegionFields.present("object", List.of("spec", "users[*]", "roles")))
        .isEqualTo(
            "(has(object.spec) && has(object.spec.users) &&"
                + " object.spec.users.exists(i1, (has(i1.roles))))");
    assertThat(RegionFields.checkable(".spec.labels.*.x")).isFalse();
    assertThat(RegionFields.checkable(".spec.some-field")).isFalse();
    assertThat(RegionFields.present("object", List.of("spec", "namespace")))
        .isEqualTo("(has(object.spec) && has(object.spec.__namespace__))");
  }

  @Test
  void statusFieldsAndFieldsEveryOfferedRegionKnowsNeedNoRule() {
    assertThat(
            RegionFields.validations(
                List.of("a", "b"),
                Map.of(".status.phase", List.of("a"), ".spec.x", List.of("a", "b", "c"))))
        .isEmpty();
  }
}
