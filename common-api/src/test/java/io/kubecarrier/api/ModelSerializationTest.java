package io.kubecarrier.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.account.AccountSpec;
import io.kubecarrier.api.account.AccountStatus;
import io.kubecarrier.api.catalogentry.CatalogEntryStatus;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.DisplayMetadata;
import io.kubecarrier.api.common.LabelSelector;
import io.kubecarrier.api.common.LabelSelectorOperator;
import io.kubecarrier.api.common.LabelSelectorRequirement;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.Subject;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscoveryStatus;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrd;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrdVersion;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelSerializationTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void accountRoundTripsAndConvenienceMethodsStayOutOfTheJson() {
    Account account = new Account();
    account.setMetadata(new ObjectMetaBuilder().withName("example-corp").build());
    account.setSpec(
        new AccountSpec(
            new DisplayMetadata("Example Corp", "Services", null),
            List.of(AccountRole.Provider, AccountRole.Tenant),
            List.of(Subject.user("alice"), Subject.serviceAccount("ops", "bot"))));
    AccountStatus status = new AccountStatus();
    status.setObservedGeneration(1L);
    status.setNamespace(ObjectReference.of("example-corp"));
    status.setCondition(
        Condition.ofTrue("Ready", Reasons.READY, "ready"), Instant.parse("2024-05-01T12:00:00Z"));
    account.setStatus(status);

    String yaml = JSON.asYaml(account);
    assertThat(yaml)
        .contains("apiVersion: \"catalog.kubecarrier.io/v1alpha1\"")
        .contains("kind: \"Account\"")
        .contains("lastTransitionTime: \"2024-05-01T12:00:00Z\"")
        .doesNotContain("ready: ")
        .doesNotContain("condition:")
        .doesNotContain("null");

    Account back = JSON.unmarshal(yaml, Account.class);
    assertThat(back.getSpec()).isEqualTo(account.getSpec());
    assertThat(back.getStatus()).isEqualTo(account.getStatus());
    assertThat(back.getStatus().isReady()).isTrue();
    assertThat(back.getSpec().hasRole(AccountRole.Tenant)).isTrue();
  }

  @Test
  void emptyStatusHasNoConditionsKey() {
    JsonNode json = JSON.convertValue(new AccountStatus(), JsonNode.class);
    assertThat(json.has("conditions")).isFalse();
  }

  @Test
  void kubeCarrierFieldNamesAreKept() {
    CatalogEntryStatus status = new CatalogEntryStatus();
    status.setTenantCrd(
        new CrdInformation(
            "example-corp.hub.example.net", "Redis", "redises", List.of("v1"), "v1"));
    status.setServiceCrd(
        new CrdInformation("example.com", "Redis", "redises", List.of("v1"), "v1"));
    JsonNode json = JSON.convertValue(status, JsonNode.class);
    assertThat(json.has("tenantCRD")).isTrue();
    assertThat(json.has("serviceCRD")).isTrue();
    assertThat(json.at("/tenantCRD/name").asText())
        .isEqualTo("redises.example-corp.hub.example.net");
  }

  @Test
  void discoveredSchemaIsKeptAsIs() {
    String yaml =
        "crd:\n"
            + "  kind: Redis\n"
            + "  versions:\n"
            + "  - name: v1\n"
            + "    served: true\n"
            + "    storage: true\n"
            + "    schema: {openAPIV3Schema: {type: object, properties: {spec: {type: object}}}}\n"
            + "    subresources: {status: {}}\n";
    CustomResourceDiscoveryStatus status =
        JSON.unmarshal(yaml, CustomResourceDiscoveryStatus.class);
    DiscoveredCrd crd = status.getCrd();
    DiscoveredCrdVersion v1 = crd.getVersions().get(0);
    assertThat(v1.getSchema().at("/openAPIV3Schema/properties/spec/type").asText())
        .isEqualTo("object");
    assertThat(v1.getSubresources().has("status")).isTrue();
    assertThat(JSON.unmarshal(JSON.asYaml(status), CustomResourceDiscoveryStatus.class))
        .isEqualTo(status);
  }

  @Test
  void labelSelector() {
    LabelSelector selector =
        new LabelSelector(
            Map.of("tier", "gold"),
            List.of(
                new LabelSelectorRequirement(
                    "region", LabelSelectorOperator.In, List.of("eu", "us")),
                new LabelSelectorRequirement("beta", LabelSelectorOperator.DoesNotExist, null)));
    assertThat(selector.matches(Map.of("tier", "gold", "region", "eu"))).isTrue();
    assertThat(selector.matches(Map.of("tier", "gold", "region", "ap"))).isFalse();
    assertThat(selector.matches(Map.of("tier", "gold", "region", "eu", "beta", ""))).isFalse();
    assertThat(selector.matches(Map.of("region", "eu"))).isFalse();
    assertThat(new LabelSelector().matches(Map.of())).isTrue();
    assertThat(LabelSelector.selects(null, null)).isTrue();
    assertThat(
            new LabelSelectorRequirement("a", LabelSelectorOperator.NotIn, List.of("x"))
                .matches(Map.of()))
        .isTrue();
    assertThat(
            new LabelSelectorRequirement("a", LabelSelectorOperator.Exists, null)
                .matches(Map.of("a", "")))
        .isTrue();

    io.fabric8.kubernetes.api.model.LabelSelector f8 = selector.toFabric8();
    assertThat(f8.getMatchLabels()).containsEntry("tier", "gold");
    assertThat(f8.getMatchExpressions()).hasSize(2);
    assertThat(f8.getMatchExpressions().get(0).getOperator()).isEqualTo("In");
    assertThat(f8.getMatchExpressions().get(0).getValues()).containsExactly("eu", "us");
    assertThat(new LabelSelector().toFabric8().getMatchExpressions()).isEmpty();
  }

  @Test
  void subjectToFabric8DefaultsTheApiGroup() {
    assertThat(Subject.user("alice").toFabric8().getApiGroup())
        .isEqualTo("rbac.authorization.k8s.io");
    assertThat(Subject.group("devs").toFabric8().getKind()).isEqualTo("Group");
    io.fabric8.kubernetes.api.model.rbac.Subject sa =
        Subject.serviceAccount("ops", "bot").toFabric8();
    assertThat(sa.getApiGroup()).isEmpty();
    assertThat(sa.getNamespace()).isEqualTo("ops");
    assertThat(sa.getKind()).isEqualTo("ServiceAccount");
  }
}
