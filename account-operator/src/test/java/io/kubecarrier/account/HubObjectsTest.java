package io.kubecarrier.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubObjectsTest {

  @Test
  void theAccountDeletesTheSixHubKindsAndNothingElse() {
    assertThat(HubObjects.KINDS.stream().map(HasMetadata::getKind))
        .containsExactly(
            "Catalog",
            "CatalogEntrySet",
            "CatalogEntry",
            "CustomResourceDiscovery",
            "ServiceCluster",
            "ServiceClusterAssignment");
  }

  @Test
  void readyConditionIsReadFromAGenericObject() {
    GenericKubernetesResource o =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("kubecarrier.io/v1alpha1")
            .withKind("ServiceCluster")
            .withNewMetadata()
            .withName("eu")
            .endMetadata()
            .build();
    assertThat(HubObjects.readyCondition(o)).isEmpty();
    o.setAdditionalProperty(
        "status",
        Map.of(
            "conditions",
            List.of(
                Map.of("type", "ServiceClusterReachable", "status", "True"),
                Map.of(
                    "type",
                    "Ready",
                    "status",
                    "False",
                    "reason",
                    "DependentsExist",
                    "message",
                    "waits"))));
    assertThat(HubObjects.readyCondition(o))
        .hasValueSatisfying(c -> assertThat(c).containsEntry("reason", "DependentsExist"));
  }

  @Test
  void instancesAreListedInTheStorageVersionOfNamespacedTenantCrds() {
    CustomResourceDefinition crd = crd("Namespaced");
    assertThat(HubObjects.instanceContext(crd))
        .hasValueSatisfying(
            ctx -> {
              assertThat(ctx.getGroup()).isEqualTo("acme.hub.test");
              assertThat(ctx.getVersion()).isEqualTo("v2");
              assertThat(ctx.getPlural()).isEqualTo("widgets");
              assertThat(ctx.getKind()).isEqualTo("Widget");
              assertThat(ctx.isNamespaceScoped()).isTrue();
            });
    assertThat(HubObjects.instanceContext(crd("Cluster"))).isEmpty();
  }

  private static CustomResourceDefinition crd(String scope) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("widgets.acme.hub.test")
        .endMetadata()
        .withNewSpec()
        .withGroup("acme.hub.test")
        .withScope(scope)
        .withNewNames()
        .withKind("Widget")
        .withPlural("widgets")
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withStorage(false)
        .endVersion()
        .addNewVersion()
        .withName("v2")
        .withStorage(true)
        .endVersion()
        .endSpec()
        .build();
  }
}
