package io.kubecarrier.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentry.CatalogEntryStatus;
import io.kubecarrier.api.common.ApiGroups;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.region.Region;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentSpec;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentStatus;
import io.kubecarrier.api.tenant.Tenant;
import io.kubecarrier.testkit.invariants.HubKinds;
import io.kubecarrier.testkit.invariants.HubLabels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test kit's invariant checker carries copies of the hub's vocabulary ({@link HubLabels},
 * {@link HubKinds}) because the test kit cannot depend on common-api. They must equal the
 * originals, or the checker would look for objects the hub no longer writes.
 */
class HubLabelsTest {

  @Test
  void labelsAndFinalizerEqualCommonApi() {
    Map<String, String> copies =
        Map.ofEntries(
            Map.entry(HubLabels.PREFIX, Labels.PREFIX),
            Map.entry(HubLabels.MANAGED_BY, Labels.MANAGED_BY),
            Map.entry(HubLabels.MANAGED_BY_PROPAGATION_AGENT, Labels.MANAGED_BY_PROPAGATION_AGENT),
            Map.entry(HubLabels.MANAGED_BY_CLUSTER_REGISTRY, Labels.MANAGED_BY_CLUSTER_REGISTRY),
            Map.entry(HubLabels.MANAGED_BY_CATALOG_OPERATOR, Labels.MANAGED_BY_CATALOG_OPERATOR),
            Map.entry(HubLabels.MANAGED_BY_ACCOUNT_OPERATOR, Labels.MANAGED_BY_ACCOUNT_OPERATOR),
            Map.entry(HubLabels.ACCOUNT, Labels.ACCOUNT),
            Map.entry(HubLabels.CATALOG_ENTRY, Labels.CATALOG_ENTRY),
            Map.entry(HubLabels.PROVIDER, Labels.PROVIDER),
            Map.entry(HubLabels.REGION, Labels.REGION),
            Map.entry(HubLabels.OWNER_GROUP, Labels.OWNER_GROUP),
            Map.entry(HubLabels.OWNER_KIND, Labels.OWNER_KIND),
            Map.entry(HubLabels.OWNER_NAMESPACE, Labels.OWNER_NAMESPACE),
            Map.entry(HubLabels.OWNER_NAME, Labels.OWNER_NAME),
            Map.entry(HubLabels.OWNER_UID, Labels.OWNER_UID),
            Map.entry(HubLabels.TENANT_NAMESPACE, Labels.TENANT_NAMESPACE),
            Map.entry(HubLabels.ASSIGNMENT, Labels.ASSIGNMENT),
            Map.entry(HubLabels.SERVICE_CLUSTER, Labels.SERVICE_CLUSTER),
            Map.entry(HubLabels.WITHDRAWN, Labels.WITHDRAWN),
            Map.entry(HubLabels.WITHDRAWN_TRUE, Labels.WITHDRAWN_TRUE),
            Map.entry(HubLabels.PROPAGATION_AGENT_FINALIZER, Finalizers.PROPAGATION_AGENT));
    copies.forEach((copy, original) -> assertThat(copy).isEqualTo(original));
  }

  @Test
  void namingFunctionsEqualNames() {
    String longName = "cache-" + "x".repeat(240);
    for (String v :
        List.of(
            "cache",
            "acme.hub.kubecarrier.io",
            longName,
            "a-very-long-provider-name.with-a-long-hub-domain.hub.kubecarrier.example.net",
            "-leading-and-trailing-",
            "team-a/cache")) {
      assertThat(HubLabels.labelValue(v)).as(v).isEqualTo(Names.labelValue(v));
    }
    assertThat(HubLabels.regionName("eu-west-1", "acme"))
        .isEqualTo(Names.regionName("eu-west-1", "acme"));
    assertThat(HubLabels.assignmentName("team-a", "eu-west-1"))
        .isEqualTo(Names.assignmentName("team-a", "eu-west-1"));
  }

  @Test
  void kindsEqualTheModelClasses() {
    assertThat(HubKinds.CATALOG_GROUP).isEqualTo(ApiGroups.CATALOG);
    assertThat(HubKinds.CORE_GROUP).isEqualTo(ApiGroups.CORE);
    assertThat(HubKinds.VERSION).isEqualTo(ApiGroups.V1ALPHA1);
    assertKind(
        HubKinds.ACCOUNT, Account.class, Account.KIND, Account.API_VERSION, Account.CRD_NAME);
    assertKind(HubKinds.TENANT, Tenant.class, Tenant.KIND, Tenant.API_VERSION, Tenant.CRD_NAME);
    assertKind(HubKinds.REGION, Region.class, Region.KIND, Region.API_VERSION, Region.CRD_NAME);
    assertKind(
        HubKinds.OFFERING, Offering.class, Offering.KIND, Offering.API_VERSION, Offering.CRD_NAME);
    assertKind(
        HubKinds.CATALOG_ENTRY,
        CatalogEntry.class,
        CatalogEntry.KIND,
        CatalogEntry.API_VERSION,
        CatalogEntry.CRD_NAME);
    assertKind(
        HubKinds.ASSIGNMENT,
        ServiceClusterAssignment.class,
        ServiceClusterAssignment.KIND,
        ServiceClusterAssignment.API_VERSION,
        ServiceClusterAssignment.CRD_NAME);
  }

  /** The status and spec fields the checker's Observer reads by name. */
  @Test
  void fieldsTheCheckerReadsKeepTheirNames() {
    KubernetesSerialization json = new KubernetesSerialization();
    CatalogEntryStatus entry = new CatalogEntryStatus();
    entry.setServiceCrd(new CrdInformation("example.com", "Redis", "redises", List.of("v1"), "v1"));
    JsonNode crd = json.convertValue(entry, JsonNode.class).path("serviceCRD");
    assertThat(crd.path("group").asText()).isEqualTo("example.com");
    assertThat(crd.path("kind").asText()).isEqualTo("Redis");
    assertThat(crd.path("plural").asText()).isEqualTo("redises");
    assertThat(crd.path("storageVersion").asText()).isEqualTo("v1");
    assertThat(crd.path("versions").get(0).asText()).isEqualTo("v1");

    ServiceClusterAssignmentSpec spec = new ServiceClusterAssignmentSpec();
    spec.setServiceCluster(ObjectReference.of("eu-west-1"));
    spec.setManagementNamespace(ObjectReference.of("team-a"));
    ServiceClusterAssignmentStatus status = new ServiceClusterAssignmentStatus();
    status.setServiceClusterNamespace(ObjectReference.of("kc-acme-team-a"));
    JsonNode s = json.convertValue(spec, JsonNode.class);
    assertThat(s.path("serviceCluster").path("name").asText()).isEqualTo("eu-west-1");
    assertThat(s.path("managementNamespace").path("name").asText()).isEqualTo("team-a");
    assertThat(
            json.convertValue(status, JsonNode.class)
                .path("serviceClusterNamespace")
                .path("name")
                .asText())
        .isEqualTo("kc-acme-team-a");
  }

  private static void assertKind(
      HubKinds.Kind copy, Class<?> model, String kind, String apiVersion, String crdName) {
    assertThat(copy.kind()).isEqualTo(kind);
    assertThat(copy.apiVersion()).as(kind).isEqualTo(apiVersion);
    assertThat(copy.crdName()).as(kind).isEqualTo(crdName);
    assertThat(copy.namespaced())
        .as(model.getSimpleName() + " namespaced")
        .isEqualTo(Namespaced.class.isAssignableFrom(model));
  }
}
