package io.kubecarrier.catalog.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void ourLabelsAnnotationsAndFinalizersNeedTheManageVerbAndComeRightAfterOrphan() {
    var v = validations(List.of("eu-west-1"));
    for (Validation x : v.subList(2, 5)) {
      // unchanged (UPDATE) or none of ours (CREATE) first: the authorizer only when needed
      assertThat(x.getExpression())
          .startsWith("(request.operation == 'CREATE' ? (!has(object.metadata.")
          .contains(".startsWith('kubecarrier.io/')")
          .endsWith(") || authorizer.requestResource.check('manage').allowed()");
      assertThat(x.getReason()).isEqualTo("Forbidden");
      assertThat(x.getMessage()).contains("kubecarrier.io/", "only", "by KubeCarrier");
      // the message expression names the keys, the message is its fallback
      assertThat(x.getMessageExpression()).contains(".join(', ')").contains("provider\\'s");
    }
    Validation labels = v.get(2);
    assertThat(labels.getExpression())
        .contains("k != 'kubecarrier.io/region'")
        .contains("oldObject.metadata.labels[k] == object.metadata.labels[k]")
        .doesNotContain("annotations", "finalizers");
    assertThat(labels.getMessageExpression()).startsWith("'label(s) ' + ");
    assertThat(labels.getMessage()).contains("kubecarrier.io/region is yours to set");
    Validation annotations = v.get(3);
    assertThat(annotations.getExpression())
        .contains("k != 'kubecarrier.io/orphan'")
        .contains("oldObject.metadata.annotations[k] == object.metadata.annotations[k]")
        .doesNotContain("labels", "finalizers");
    assertThat(annotations.getMessageExpression()).startsWith("'annotation(s) ' + ");
    Validation finalizers = v.get(4);
    assertThat(finalizers.getExpression())
        .contains("f in oldObject.metadata.finalizers", "f in object.metadata.finalizers")
        .doesNotContain("labels", "annotations");
    assertThat(finalizers.getMessageExpression())
        .startsWith("'finalizer(s) ' + ")
        .contains("' (added)'", "' (removed)'");
    assertThat(finalizers.getMessage())
        .contains(
            "the hub removes kubecarrier.io/propagation-agent itself once",
            "would leave that copy running there",
            "a platform admin can let go",
            "kubecarrier.io/let-go=true on its ServiceCluster");
  }

  @Test
  void onCreateNoneOfOursOnUpdateTheSameKeysAndValues() {
    assertThat(AdmissionPolicies.noneOfOurs("labels", "kubecarrier.io/region"))
        .isEqualTo(
            "(!has(object.metadata.labels) || object.metadata.labels.all(k,"
                + " !(k.startsWith('kubecarrier.io/') && k != 'kubecarrier.io/region')))");
    // both directions: nothing of ours added or changed, nothing of ours removed
    assertThat(AdmissionPolicies.sameOfOurs("annotations", "kubecarrier.io/orphan"))
        .isEqualTo(
            "((!has(object.metadata.annotations) || object.metadata.annotations.all(k,"
                + " !(k.startsWith('kubecarrier.io/') && k != 'kubecarrier.io/orphan') ||"
                + " (has(oldObject.metadata.annotations) && k in oldObject.metadata.annotations"
                + " && oldObject.metadata.annotations[k] == object.metadata.annotations[k])))"
                + " && (!has(oldObject.metadata.annotations) ||"
                + " oldObject.metadata.annotations.all(k, !(k.startsWith('kubecarrier.io/') && k"
                + " != 'kubecarrier.io/orphan') || (has(object.metadata.annotations) && k in"
                + " object.metadata.annotations))))");
    assertThat(AdmissionPolicies.noFinalizerOfOurs())
        .isEqualTo(
            "(!has(object.metadata.finalizers) ||"
                + " object.metadata.finalizers.all(f, !f.startsWith('kubecarrier.io/')))");
  }

  @Test
  void oneRegionNeedsNoLabel() {
    var v = validations(List.of("eu-west-1"));
    assertThat(v).hasSize(8);
    Validation offered = containing(v, "is not a region of offering");
    assertThat(offered.getExpression()).contains("['eu-west-1']");
    assertThat(offered.getMessageExpression()).contains("use one of: eu-west-1");
    assertThat(v).noneMatch(x -> x.getMessage() != null && x.getMessage().contains("required"));
  }

  @Test
  void severalRegionsRequireTheLabel() {
    var v = validations(List.of("eu-west-1", "us-east-1"));
    assertThat(v).hasSize(9);
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

  /**
   * Every expression and message expression lexes: string literals closed (escapes honoured),
   * brackets balanced outside them. The API server refuses the whole policy otherwise.
   */
  @Test
  void everyExpressionIsWellFormed() {
    // the check itself: an unescaped quote inside a message, as once happened
    assertThatThrownBy(() -> assertWellFormed("'label x: '' + y + '' is wrong'"))
        .isInstanceOf(AssertionError.class);
    assertWellFormed("'label x: \\'' + y + '\\' is right'");
    for (List<String> regions :
        List.of(List.<String>of(), List.of("eu-west-1"), List.of("a", "b"))) {
      for (Validation v : validations(regions)) {
        assertWellFormed(v.getExpression());
        if (v.getMessageExpression() != null) {
          assertWellFormed(v.getMessageExpression());
        }
      }
    }
  }

  static void assertWellFormed(String cel) {
    java.util.Deque<Character> open = new java.util.ArrayDeque<>();
    boolean literal = false;
    boolean afterLiteral = false;
    for (int i = 0; i < cel.length(); i++) {
      char c = cel.charAt(i);
      if (literal) {
        if (c == '\\') {
          i++;
        } else if (c == '\'') {
          literal = false;
          afterLiteral = true;
        }
        continue;
      }
      if (Character.isWhitespace(c)) {
        continue;
      }
      // two literals in a row: a quote meant to be escaped closed the string instead
      assertThat(afterLiteral && c == '\'').as("adjacent strings at %d: %s", i, cel).isFalse();
      afterLiteral = false;
      if (c == '\'') {
        literal = true;
      } else if (c == '(' || c == '[') {
        open.push(c);
      } else if (c == ')' || c == ']') {
        assertThat(open).as("unbalanced at %d: %s", i, cel).isNotEmpty();
        assertThat(open.pop()).as("mismatched at %d: %s", i, cel).isEqualTo(c == ')' ? '(' : '[');
      }
    }
    assertThat(literal).as("unterminated string: %s", cel).isFalse();
    assertThat(open).as("unclosed: %s", cel).isEmpty();
  }

  @Test
  void namesFit() {
    assertThat(AdmissionPolicies.name("redis.p.hub.io"))
        .isEqualTo("kubecarrier-region.redis.p.hub.io");
    assertThat(AdmissionPolicies.name("r".repeat(250) + ".io")).hasSizeLessThanOrEqualTo(253);
  }
}
