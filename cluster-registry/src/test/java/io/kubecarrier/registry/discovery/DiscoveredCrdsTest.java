package io.kubecarrier.registry.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscoverySpec;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscoveryStatus;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrd;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DiscoveredCrdsTest {

  static CustomResourceDefinition crd() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("redises.example.com")
        .endMetadata()
        .withNewSpec()
        .withGroup("example.com")
        .withScope("Namespaced")
        .withNewNames()
        .withKind("Redis")
        .withListKind("RedisList")
        .withPlural("redises")
        .withSingular("redis")
        .endNames()
        .addNewVersion()
        .withName("v1alpha1")
        .withServed(true)
        .withStorage(false)
        .withNewSchema()
        .withOpenAPIV3Schema(new JSONSchemaPropsBuilder().withType("object").build())
        .endSchema()
        .endVersion()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withOpenAPIV3Schema(
            new JSONSchemaPropsBuilder()
                .withType("object")
                .addToProperties(
                    "spec",
                    new JSONSchemaPropsBuilder().withType("object").withMaxProperties(3L).build())
                .build())
        .endSchema()
        .withNewSubresources()
        .withNewStatus()
        .endStatus()
        .endSubresources()
        .addNewAdditionalPrinterColumn()
        .withName("Age")
        .withType("date")
        .withJsonPath(".metadata.creationTimestamp")
        .endAdditionalPrinterColumn()
        .endVersion()
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Established")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  @Test
  void mapsWhatTheCatalogNeeds() {
    DiscoveredCrd d = DiscoveredCrds.from(crd());
    assertThat(d.getGroup()).isEqualTo("example.com");
    assertThat(d.getKind()).isEqualTo("Redis");
    assertThat(d.getListKind()).isEqualTo("RedisList");
    assertThat(d.getPlural()).isEqualTo("redises");
    assertThat(d.getSingular()).isEqualTo("redis");
    assertThat(d.getScope()).isEqualTo("Namespaced");
    assertThat(d.getStorageVersion()).isEqualTo("v1");
    assertThat(d.getVersions()).extracting("name").containsExactly("v1alpha1", "v1");
    assertThat(d.getVersions().get(1).getSchema().at("/properties/spec/maxProperties").asLong())
        .isEqualTo(3L);
    assertThat(d.getVersions().get(1).getSubresources().has("status")).isTrue();
    assertThat(d.getVersions().get(1).getAdditionalPrinterColumns().get(0).get("name").asText())
        .isEqualTo("Age");
    assertThat(d.getVersions().get(0).getAdditionalPrinterColumns()).isNull();
    assertThat(DiscoveredCrds.established(crd())).isTrue();
  }

  @Test
  void theMappingEqualsItsOwnRoundTripThroughJson() {
    DiscoveredCrd d = DiscoveredCrds.from(crd());
    KubernetesSerialization json = new KubernetesSerialization();
    assertThat(json.unmarshal(json.asJson(d), DiscoveredCrd.class)).isEqualTo(d);
  }

  @Test
  void statusesKeepTransitionTimesAndClearTheCrdWhenItGoes() {
    CustomResourceDiscovery discovery = discovery();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    CustomResourceDiscoveryStatus found =
        DiscoveryStatus.discovered(discovery, DiscoveredCrds.from(crd()), t0);
    assertThat(found.isReady()).isTrue();
    assertThat(found.getCondition(ConditionTypes.DISCOVERED).orElseThrow().getReason())
        .isEqualTo(Reasons.CRD_DISCOVERED);

    discovery.setStatus(found);
    assertThat(
            DiscoveryStatus.discovered(discovery, DiscoveredCrds.from(crd()), t0.plusSeconds(30)))
        .isEqualTo(found);

    CustomResourceDiscoveryStatus gone =
        DiscoveryStatus.missing(discovery, Reasons.CRD_NOT_FOUND, "retrying.", t0.plusSeconds(60));
    assertThat(gone.getCrd()).isNull();
    assertThat(gone.getCondition(ConditionTypes.DISCOVERED).orElseThrow().getLastTransitionTime())
        .isEqualTo("2026-01-01T00:01:00Z");

    discovery.setStatus(found);
    CustomResourceDiscoveryStatus blocked =
        DiscoveryStatus.blocked(discovery, Reasons.CLUSTER_UNREACHABLE, "down", t0.plusSeconds(90));
    assertThat(blocked.getCrd()).as("last discovered CRD kept").isNotNull();
    assertThat(blocked.isConditionTrue(ConditionTypes.DISCOVERED)).isTrue();
    assertThat(blocked.isReady()).isFalse();
  }

  static CustomResourceDiscovery discovery() {
    CustomResourceDiscovery d = new CustomResourceDiscovery();
    d.getMetadata().setNamespace("provider");
    d.getMetadata().setName("redis.eu");
    d.getMetadata().setGeneration(1L);
    CustomResourceDiscoverySpec spec = new CustomResourceDiscoverySpec();
    spec.setCrd(ObjectReference.of("redises.example.com"));
    spec.setServiceCluster(ObjectReference.of("eu"));
    d.setSpec(spec);
    return d;
  }
}
