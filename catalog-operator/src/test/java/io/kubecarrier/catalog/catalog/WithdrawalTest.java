package io.kubecarrier.catalog.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.region.Region;
import io.kubecarrier.catalog.support.Applier;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WithdrawalTest {

  static final String ROLE = "Role/team-a/kubecarrier:tenant:redis.acme.hub.io";
  static final String BINDING = "RoleBinding/team-a/kubecarrier:tenant:redis.acme.hub.io";
  static final String OFFERING = "Offering/team-a/redis.acme.hub.io";

  /**
   * What the API server hands back: the published object with server fields, a foreign label and
   * the hash annotation older versions of the operator wrote.
   */
  static <T extends HasMetadata> T asStored(HasMetadata published, Class<T> type) {
    T o = Serialization.unmarshal(Serialization.asJson(published), type);
    o.getMetadata().setResourceVersion("42");
    o.getMetadata().setUid("u-1");
    o.getMetadata().getLabels().put("team", "blue");
    o.getMetadata().getAnnotations().put("kubecarrier.io/catalog-operator-hash", "h");
    return o;
  }

  @Test
  void withdrawnRoleLosesOnlyOrderAndIsLabelled() {
    Role published = asStored(PublicationTest.desired().get(ROLE), Role.class);
    Role w = (Role) Withdrawal.of(published);
    assertThat(w.getMetadata().getLabels())
        .containsEntry(Labels.WITHDRAWN, Labels.WITHDRAWN_TRUE)
        .containsEntry(Labels.CATALOG_ENTRY, "redis")
        .containsEntry(Labels.MANAGED_BY, Labels.MANAGED_BY_CATALOG_OPERATOR)
        .doesNotContainKey("team");
    assertThat(w.getMetadata().getAnnotations())
        .containsOnlyKeys(Annotations.SOURCE)
        .containsEntry(Annotations.SOURCE, "acme/redis");
    assertThat(w.getMetadata().getResourceVersion()).isNull();
    assertThat(w.getMetadata().getUid()).isNull();
    assertThat(w.getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getVerbs())
                  .containsExactly(
                      "get",
                      "list",
                      "watch",
                      "create",
                      "update",
                      "patch",
                      "delete",
                      "deletecollection");
              assertThat(r.getResources()).containsExactly("redis");
            });
    assertThat(Withdrawal.isWithdrawn(w)).isTrue();
    assertThat(Withdrawal.isWithdrawn(published)).isFalse();
  }

  @Test
  void withdrawingAgainGivesTheSameObjectSoTheApplierSkipsIt() {
    for (String key : new String[] {ROLE, BINDING, OFFERING}) {
      HasMetadata published = PublicationTest.desired().get(key);
      HasMetadata once = Withdrawal.of(asStored(published, published.getClass()));
      HasMetadata twice = Withdrawal.of(asStored(once, once.getClass()));
      assertThat(Applier.hash(twice)).as(key).isEqualTo(Applier.hash(once));
    }
  }

  @Test
  void publishingAgainIsADifferentObjectWithoutTheLabelAndWithOrder() {
    HasMetadata published = PublicationTest.desired().get(ROLE);
    HasMetadata withdrawn = Withdrawal.of(asStored(published, Role.class));
    HasMetadata again = PublicationTest.desired().get(ROLE);
    assertThat(again.getMetadata().getLabels()).doesNotContainKey(Labels.WITHDRAWN);
    assertThat(((Role) again).getRules().get(0).getVerbs()).contains("order");
    assertThat(Applier.hash(again)).isNotEqualTo(Applier.hash(withdrawn));
  }

  @Test
  void bindingAndOfferingKeepTheirContent() {
    RoleBinding b = asStored(PublicationTest.desired().get(BINDING), RoleBinding.class);
    RoleBinding wb = (RoleBinding) Withdrawal.of(b);
    assertThat(wb.getRoleRef()).isEqualTo(b.getRoleRef());
    assertThat(wb.getSubjects()).isEqualTo(b.getSubjects());
    Offering o = asStored(PublicationTest.desired().get(OFFERING), Offering.class);
    Offering wo = (Offering) Withdrawal.of(o);
    assertThat(wo.getSpec()).isEqualTo(o.getSpec());
    assertThat(wo.getStatus()).isNull();
    assertThat(wo.getMetadata().getLabels()).containsEntry(Labels.WITHDRAWN, "true");
  }

  @Test
  void onlyOfferingsAndTenantRbacAreKept() {
    Map<String, HasMetadata> d = PublicationTest.desired();
    assertThat(Withdrawal.keeps(d.get(ROLE))).isTrue();
    assertThat(Withdrawal.keeps(d.get(BINDING))).isTrue();
    assertThat(Withdrawal.keeps(d.get(OFFERING))).isTrue();
    assertThat(Withdrawal.keeps(d.get("Region/team-a/eu-west-1.acme"))).isFalse();
    assertThat(Withdrawal.keeps(d.get("Provider/team-a/acme"))).isFalse();
    assertThat(Withdrawal.keeps(d.get("ServiceClusterAssignment/acme/team-a.eu-west-1"))).isFalse();
    assertThatThrownBy(() -> Withdrawal.of(new Region()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void selectorFindsWithdrawnObjectsOfThisOperator() {
    assertThat(Withdrawal.SELECTOR)
        .isEqualTo("kubecarrier.io/managed-by=catalog-operator,kubecarrier.io/withdrawn=true");
  }
}
