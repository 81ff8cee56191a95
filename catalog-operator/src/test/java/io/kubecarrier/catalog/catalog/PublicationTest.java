package io.kubecarrier.catalog.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentry.CatalogEntrySpec;
import io.kubecarrier.api.catalogentry.CatalogEntryStatus;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Subject;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublicationTest {

  static CatalogEntry entry(String name) {
    CatalogEntry e = new CatalogEntry();
    e.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("acme").build());
    e.setSpec(new CatalogEntrySpec());
    CatalogEntryStatus s = new CatalogEntryStatus();
    s.setTenantCrd(new CrdInformation("acme.hub.io", "Redis", "redis", List.of("v1"), "v1"));
    s.setRegions(List.of("eu-west-1", "us-east-1"));
    e.setStatus(s);
    return e;
  }

  static final Publication.Target TEAM_A =
      new Publication.Target("team-a", "team-a", List.of(Subject.user("alice")));

  static Map<String, HasMetadata> desired() {
    return Publication.desired(
        "acme", null, List.of(TEAM_A), List.of(entry("redis")), name -> null);
  }

  @Test
  void perTenantAndEntryOfferingRoleAndBindingCarryTheEntry() {
    Map<String, HasMetadata> d = desired();
    for (String key :
        List.of(
            "Offering/team-a/redis.acme.hub.io",
            "Role/team-a/kubecarrier:tenant:redis.acme.hub.io",
            "RoleBinding/team-a/kubecarrier:tenant:redis.acme.hub.io")) {
      HasMetadata o = d.get(key);
      assertThat(o).as(key).isNotNull();
      assertThat(o.getMetadata().getLabels())
          .containsEntry(Labels.CATALOG_ENTRY, "redis")
          .containsEntry(Labels.PROVIDER, "acme")
          .doesNotContainKey(Labels.WITHDRAWN);
      assertThat(o.getMetadata().getAnnotations()).containsEntry(Annotations.SOURCE, "acme/redis");
    }
    assertThat(d)
        .containsKeys(
            "Provider/team-a/acme",
            "Region/team-a/eu-west-1.acme",
            "ServiceClusterAssignment/acme/team-a.us-east-1");
    assertThat(d.get("ServiceClusterAssignment/acme/team-a.us-east-1"))
        .isInstanceOf(ServiceClusterAssignment.class);
  }

  @Test
  void offeringListsAllRegionsForThePrinterColumn() {
    Offering o = (Offering) desired().get("Offering/team-a/redis.acme.hub.io");
    assertThat(o.getSpec().getRegionList()).isEqualTo("eu-west-1,us-east-1");
  }

  @Test
  void publishedRoleHasOrder() {
    Role r = (Role) desired().get("Role/team-a/kubecarrier:tenant:redis.acme.hub.io");
    assertThat(r.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getApiGroups()).containsExactly("acme.hub.io");
              assertThat(rule.getResources()).containsExactly("redis");
              assertThat(rule.getVerbs()).contains("create", "delete", "order");
            });
    RoleBinding b =
        (RoleBinding) desired().get("RoleBinding/team-a/kubecarrier:tenant:redis.acme.hub.io");
    assertThat(b.getRoleRef().getName()).isEqualTo(r.getMetadata().getName());
    assertThat(b.getSubjects()).extracting(s -> s.getName()).containsExactly("alice");
    assertThat(((Offering) desired().get("Offering/team-a/redis.acme.hub.io")).getSpec().getCrd())
        .isNotNull();
  }
}
