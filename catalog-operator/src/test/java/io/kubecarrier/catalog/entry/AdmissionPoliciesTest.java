package io.kubecarrier.catalog.entry;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.CrdInformation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionPoliciesTest {

  static final CrdInformation CRD =
      new CrdInformation("p.hub.io", "Redis", "redis", List.of("v1"), "v1");

  static List<Validation> validations(List<String> regions) {
    return AdmissionPolicies.validations("acme", CRD, regions, Map.of());
  }

  static Validation containing(List<Validation> v, String part) {
    return v.stream()
        .filter(
            x ->
                (x.getMessage() != null && x.getMessage().contains(part))
                    || (x.getMessageExpression() != null
                        && x.getMessageExpression().contains(part)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no validation says " + part + ": " + v));
  }

  @Test
  void createNeedsTheOrderVerbAndThatIsCheckedFirst() {
    Validation order = validations(List.of("eu-west-1")).get(0);
    assertThat(order.getExpression())
        .isEqualTo(
            "request.operation != 'CREATE' || authorizer.requestResource.check('order').allowed()");
    assertThat(order.getMessageExpression())
        .contains("'Redis of provider acme is not offered to namespace ' + request.namespace")
        .contains("withdrawn or never published", "existing instances are kept", "offerings");
    assertThat(order.getReason()).isEqualTo("Forbidden");
  }

  @Test
  void orphanAnnotationNeedsTheOrphanVerb() {
    Validation orphan = validations(List.of("eu-west-1")).get(1);
    assertThat(orphan.getExpression())
        .contains("'kubecarrier.io/orphan' in object.metadata.annotations")
        .contains("oldObject.metadata.annotations['kubecarrier.io/orphan']")
        .endsWith("|| authorizer.requestResource.check('orphan').allowed()");
    // on CREATE any value is a change; on UPDATE presence and value are compared
    assertThat(orphan.getExpression()).startsWith("(request.operation == 'CREATE' ? !");
    assertThat(orphan.getMessage()).contains("platform");
    assertThat(orphan.getReason()).isEqualTo("Forbidden");
  }

  @Test
  void oneRegionNeedsNoLabel() {
    var v = validations(List.of("eu-west-1"));
    assertThat(v).hasSize(5);
    Validation offered = containing(v, "is not a region of offering");
    assertThat(offered.getExpression()).contains("['eu-west-1']");
    assertThat(offered.getMessageExpression()).contains("use one of: eu-west-1");
    assertThat(v).noneMatch(x -> x.getMessage() != null && x.getMessage().contains("required"));
  }

  @Test
  void severalRegionsRequireTheLabel() {
    var v = validations(List.of("eu-west-1", "us-east-1"));
    assertThat(v).hasSize(6);
    assertThat(containing(v, "is required").getMessage()).contains("eu-west-1, us-east-1");
    assertThat(containing(v, "immutable").getExpression())
        .startsWith("request.operation != 'UPDATE' || !");
  }

  @Test
  void aLabelAddedLaterIsThePlacedRegionOrElseAnOfferedOne() {
    var v = validations(List.of("eu-west-1", "us-east-1"));
    Validation placed = containing(v, "can only be added with the region the instance runs in");
    assertThat(placed.getExpression())
        .contains("has(oldObject.status.kubecarrier.serviceCluster)")
        .endsWith(
            "object.metadata.labels['kubecarrier.io/region'] =="
                + " oldObject.status.kubecarrier.serviceCluster");
    assertThat(placed.getMessageExpression())
        .contains("oldObject.status.kubecarrier.serviceCluster");
    // not placed yet: an offered region; placed: the offered list does not apply
    Validation offered = containing(v, "is not a region of offering");
    assertThat(offered.getExpression())
        .contains("request.operation == 'UPDATE' && (")
        .contains("has(oldObject.status.kubecarrier.serviceCluster)");
  }

  @Test
  void noRegionRefusesCreation() {
    var v = validations(List.of());
    Validation none = containing(v, "no region available");
    assertThat(none.getExpression()).isEqualTo("request.operation != 'CREATE'");
    assertThat(containing(v, "is not a region of offering").getMessageExpression())
        .contains("use one of: none at the moment");
  }

  @Test
  void policyMatchesOnlyTheMainResourceOnCreateAndUpdate() {
    CatalogEntry entry = new CatalogEntry();
    entry.setMetadata(new ObjectMetaBuilder().withName("redis").withNamespace("acme").build());
    var p = AdmissionPolicies.policy(entry, CRD, List.of("eu-west-1"), Map.of());
    var rule = p.getSpec().getMatchConstraints().getResourceRules().get(0);
    assertThat(rule.getResources()).containsExactly("redis");
    assertThat(rule.getOperations()).containsExactly("CREATE", "UPDATE");
    assertThat(p.getSpec().getValidations().get(0).getMessageExpression())
        .contains("provider acme");
  }

  @Test
  void namesFit() {
    assertThat(AdmissionPolicies.name("redis.p.hub.io"))
        .isEqualTo("kubecarrier-region.redis.p.hub.io");
    assertThat(AdmissionPolicies.name("r".repeat(250) + ".io")).hasSizeLessThanOrEqualTo(253);
  }
}
