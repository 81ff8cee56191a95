package io.kubecarrier.account;

import static io.kubecarrier.account.Fixtures.admin;
import static io.kubecarrier.account.Fixtures.awaitReady;
import static io.kubecarrier.account.Fixtures.create;
import static io.kubecarrier.account.Fixtures.management;
import static io.kubecarrier.account.Fixtures.unique;
import static io.kubecarrier.account.Fixtures.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.catalog.CatalogSpec;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.Subject;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.servicecluster.ServiceClusterSpec;
import io.kubecarrier.testkit.Access;
import io.kubecarrier.testkit.Manifests;
import io.kubecarrier.testkit.OperatorIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deleting an Account whose namespace still holds hub objects: the deletion is held with a message
 * that lists them, access stays so the users can tear them down, and once they are gone the
 * namespace, RBAC and Tenant objects go.
 */
@QuarkusTest
@TestProfile(RealClusterProfile.class)
class DeletionHoldIT {

  @Test
  void providerDeletionWaitsForServiceClustersAndCatalogs() {
    String name = unique("hold");
    create(name, List.of(AccountRole.Provider), Subject.user(name));
    awaitReady(name);
    ServiceCluster sc = new ServiceCluster();
    sc.setMetadata(new ObjectMetaBuilder().withName("eu-west-1").withNamespace(name).build());
    ServiceClusterSpec spec = new ServiceClusterSpec();
    spec.setKubeconfigSecret(ObjectReference.of("eu-west-1-kubeconfig"));
    sc.setSpec(spec);
    admin().resource(sc).create();
    Catalog catalog = new Catalog();
    catalog.setMetadata(new ObjectMetaBuilder().withName("default").withNamespace(name).build());
    catalog.setSpec(new CatalogSpec());
    admin().resource(catalog).create();

    admin().resources(Account.class).withName(name).delete();
    Fixtures.awaitCondition(name, ConditionTypes.READY, Condition.FALSE, Reasons.DEPENDENTS_EXIST);
    String message = Fixtures.condition(name, ConditionTypes.READY).orElseThrow().getMessage();
    assertThat(message)
        .contains("ServiceCluster/eu-west-1", "Catalog/default", "delete them first");
    assertThat(admin().namespaces().withName(name).get().getMetadata().getDeletionTimestamp())
        .isNull();
    assertThat(AccountLifecycleIT.bindings(name)).containsKey("kubecarrier:provider");
    waiting("a Warning event that names the objects")
        .until(
            () ->
                AccountLifecycleIT.events(name).stream()
                    .anyMatch(
                        e ->
                            Reasons.DEPENDENTS_EXIST.equals(e.getReason())
                                && e.getMessage().contains("ServiceCluster/eu-west-1")));

    admin().resource(sc).delete();
    waiting("message follows what is left")
        .until(
            () ->
                !Fixtures.condition(name, ConditionTypes.READY)
                    .orElseThrow()
                    .getMessage()
                    .contains("ServiceCluster/eu-west-1"));
    assertThat(Fixtures.get(name)).isPresent();

    admin().resource(catalog).delete();
    waiting("account and namespace gone")
        .until(
            () ->
                Fixtures.get(name).isEmpty() && admin().namespaces().withName(name).get() == null);
    AccountLifecycleIT.assertNothingLeft(name);
  }

  @Test
  void tenantDeletionWaitsForTenantInstances() {
    String name = unique("inst");
    create(name, List.of(AccountRole.Tenant), Subject.user(name));
    awaitReady(name);
    String group = unique("prov") + ".hub.test";
    CustomResourceDefinition crd = tenantCrd(group);
    admin().resource(crd).create();
    Manifests.awaitEstablished(admin(), crd.getMetadata().getName());
    // the contract for tenant CRDs (docs/account-operator.md): whoever creates one labels a
    // ClusterRole granting get, list on it for aggregation into the account-operator's
    // account-operator-tenant-instances (the catalog operator keeps
    // kubecarrier:tenant-instances-read)
    String grant = "kubecarrier:tenant-instances-read:" + group;
    admin()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(grant)
                .addToLabels(Labels.AGGREGATE_TO_ACCOUNT_OPERATOR, "true")
                .endMetadata()
                .addNewRule()
                .withApiGroups(group)
                .withResources("widgets")
                .withVerbs("get", "list")
                .endRule()
                .build())
        .create();
    Access operator =
        Access.asServiceAccount(
            management(), OperatorIdentity.SYSTEM_NAMESPACE, "account-operator");
    String widgets = "widgets." + group;
    waiting("the account-operator may list the instances through the aggregated ClusterRole")
        .until(() -> operator.can("list", widgets, name) && operator.can("get", widgets, name));
    assertThat(operator.can("create", widgets, name)).isFalse();
    assertThat(operator.can("delete", widgets, name)).isFalse();
    admin()
        .genericKubernetesResources(group + "/v1", "Widget")
        .inNamespace(name)
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion(group + "/v1")
                .withKind("Widget")
                .withNewMetadata()
                .withName("w1")
                .withNamespace(name)
                .endMetadata()
                .build())
        .create();

    admin().resources(Account.class).withName(name).delete();
    Fixtures.awaitCondition(name, ConditionTypes.READY, Condition.FALSE, Reasons.DEPENDENTS_EXIST);
    assertThat(Fixtures.condition(name, ConditionTypes.READY).orElseThrow().getMessage())
        .contains("Widget/w1");

    admin()
        .genericKubernetesResources(group + "/v1", "Widget")
        .inNamespace(name)
        .withName("w1")
        .delete();
    waiting("account and namespace gone")
        .until(
            () ->
                Fixtures.get(name).isEmpty() && admin().namespaces().withName(name).get() == null);
    AccountLifecycleIT.assertNothingLeft(name);
    admin().resource(crd).delete();
    admin().rbac().clusterRoles().withName(grant).delete();
    waiting("the aggregated right goes with the labelled ClusterRole")
        .until(() -> !operator.can("list", widgets, name));
  }

  private static CustomResourceDefinition tenantCrd(String group) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName("widgets." + group)
        .addToLabels(Labels.CATALOG_ENTRY, "widgets")
        .endMetadata()
        .withNewSpec()
        .withGroup(group)
        .withScope("Namespaced")
        .withNewNames()
        .withKind("Widget")
        .withPlural("widgets")
        .withSingular("widget")
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withOpenAPIV3Schema(
            new JSONSchemaPropsBuilder()
                .withType("object")
                .withXKubernetesPreserveUnknownFields(true)
                .build())
        .endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}
