package io.kubecarrier.registry;

import static io.kubecarrier.registry.RegistryFixture.awaitReady;
import static io.kubecarrier.registry.RegistryFixture.cluster;
import static io.kubecarrier.registry.RegistryFixture.identityKubeconfig;
import static io.kubecarrier.registry.RegistryFixture.kubeconfigSecret;
import static io.kubecarrier.registry.RegistryFixture.management;
import static io.kubecarrier.registry.RegistryFixture.providerNamespace;
import static io.kubecarrier.registry.RegistryFixture.serviceCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscoverySpec;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrd;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.Manifests;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** CustomResourceDiscoveries of a CRD present in one service cluster and absent in the other. */
@QuarkusTest
@TestProfile(RegistryProfile.class)
class CustomResourceDiscoveryIT {

  @Test
  void discoversWhereTheCrdExistsAndLaterWhereItIsInstalled() {
    String ns = providerNamespace("discovery");
    KubeCluster eu = cluster(KubeClusters.EU_WEST_1);
    KubeCluster us = cluster(KubeClusters.US_EAST_1);
    kubeconfigSecret(ns, "eu", identityKubeconfig(eu));
    kubeconfigSecret(ns, "us", identityKubeconfig(us));
    serviceCluster(ns, "eu", "eu");
    serviceCluster(ns, "us", "us");
    awaitReady(ns, "eu");
    awaitReady(ns, "us");

    String group = RegistryFixture.unique("redis") + ".test.kubecarrier.io";
    String crdName = "redises." + group;
    install(eu, redisCrd(group, false));

    discovery(ns, "redis.eu", crdName, "eu");
    discovery(ns, "redis.us", crdName, "us");

    CustomResourceDiscovery found =
        awaitDiscovered(ns, "redis.eu", Condition.TRUE, Reasons.CRD_DISCOVERED);
    DiscoveredCrd crd = found.getStatus().getCrd();
    assertThat(crd.getGroup()).isEqualTo(group);
    assertThat(crd.getKind()).isEqualTo("Redis");
    assertThat(crd.getListKind()).isEqualTo("RedisList");
    assertThat(crd.getSingular()).isEqualTo("redis");
    assertThat(crd.getPlural()).isEqualTo("redises");
    assertThat(crd.getScope()).isEqualTo("Namespaced");
    assertThat(crd.getStorageVersion()).isEqualTo("v1");
    assertThat(crd.getVersions()).hasSize(1);
    assertThat(
            crd.getVersions()
                .get(0)
                .getSchema()
                .at("/properties/spec/properties/memory/type")
                .asText())
        .isEqualTo("string");
    assertThat(crd.getVersions().get(0).getSubresources().has("status")).isTrue();
    assertThat(found.getStatus().isReady()).isTrue();

    CustomResourceDiscovery missing =
        awaitDiscovered(ns, "redis.us", Condition.FALSE, Reasons.CRD_NOT_FOUND);
    assertThat(missing.getStatus().getCrd()).isNull();
    assertThat(missing.getStatus().isReady()).isFalse();
    assertThat(
            Conditions.find(missing.getStatus().getConditions(), ConditionTypes.DISCOVERED)
                .orElseThrow()
                .getMessage())
        .contains(crdName)
        .contains("us");

    // installed later: discovered by the periodic check
    install(us, redisCrd(group, false));
    awaitDiscovered(ns, "redis.us", Condition.TRUE, Reasons.CRD_DISCOVERED);

    // changed in the service cluster: the status follows
    install(eu, redisCrd(group, true));
    await("v2 discovered")
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> get(ns, "redis.eu").getStatus().getCrd(),
            c -> c.getVersions().size() == 2 && "v2".equals(c.getStorageVersion()));
  }

  @Test
  void aMissingServiceClusterIsReported() {
    String ns = providerNamespace("discovery");
    discovery(ns, "redis.nowhere", "redises.example.com", "nowhere");
    CustomResourceDiscovery d =
        awaitDiscovered(ns, "redis.nowhere", Condition.UNKNOWN, Reasons.SERVICE_CLUSTER_NOT_FOUND);
    assertThat(
            Conditions.find(d.getStatus().getConditions(), ConditionTypes.READY)
                .orElseThrow()
                .getReason())
        .isEqualTo(Reasons.SERVICE_CLUSTER_NOT_FOUND);
  }

  private static void install(KubeCluster cluster, CustomResourceDefinition crd) {
    cluster.adminClient().resource(crd).forceConflicts().serverSideApply();
    Manifests.awaitEstablished(cluster.adminClient(), crd.getMetadata().getName());
  }

  private static CustomResourceDefinition redisCrd(String group, boolean withV2) {
    var v1 =
        new CustomResourceDefinitionVersionBuilder()
            .withName("v1")
            .withServed(true)
            .withStorage(!withV2)
            .withNewSchema()
            .withOpenAPIV3Schema(
                new JSONSchemaPropsBuilder()
                    .withType("object")
                    .addToProperties(
                        "spec",
                        new JSONSchemaPropsBuilder()
                            .withType("object")
                            .addToProperties(
                                "memory", new JSONSchemaPropsBuilder().withType("string").build())
                            .build())
                    .addToProperties(
                        "status",
                        new JSONSchemaPropsBuilder()
                            .withType("object")
                            .withXKubernetesPreserveUnknownFields(true)
                            .build())
                    .build())
            .endSchema()
            .withNewSubresources()
            .withNewStatus()
            .endStatus()
            .endSubresources()
            .build();
    var builder =
        new CustomResourceDefinitionBuilder()
            .withNewMetadata()
            .withName("redises." + group)
            .endMetadata()
            .withNewSpec()
            .withGroup(group)
            .withScope("Namespaced")
            .withNewNames()
            .withKind("Redis")
            .withListKind("RedisList")
            .withPlural("redises")
            .withSingular("redis")
            .endNames()
            .withVersions(v1)
            .endSpec();
    if (withV2) {
      builder
          .editSpec()
          .addToVersions(
              new CustomResourceDefinitionVersionBuilder(v1)
                  .withName("v2")
                  .withStorage(true)
                  .build())
          .endSpec();
    }
    return builder.build();
  }

  private static void discovery(String ns, String name, String crd, String serviceCluster) {
    CustomResourceDiscovery d = new CustomResourceDiscovery();
    d.getMetadata().setNamespace(ns);
    d.getMetadata().setName(name);
    CustomResourceDiscoverySpec spec = new CustomResourceDiscoverySpec();
    spec.setCrd(ObjectReference.of(crd));
    spec.setServiceCluster(ObjectReference.of(serviceCluster));
    d.setSpec(spec);
    management().resource(d).create();
  }

  private static CustomResourceDiscovery get(String ns, String name) {
    return management()
        .resources(CustomResourceDiscovery.class)
        .inNamespace(ns)
        .withName(name)
        .get();
  }

  private static CustomResourceDiscovery awaitDiscovered(
      String ns, String name, String status, String reason) {
    return await(ns + "/" + name + " Discovered=" + status + " " + reason)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> get(ns, name),
            d ->
                d != null
                    && d.getStatus() != null
                    && Conditions.find(d.getStatus().getConditions(), ConditionTypes.DISCOVERED)
                        .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
                        .isPresent());
  }
}
