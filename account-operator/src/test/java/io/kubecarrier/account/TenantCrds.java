package io.kubecarrier.account;

import static io.kubecarrier.account.Fixtures.admin;
import static io.kubecarrier.account.Fixtures.management;
import static io.kubecarrier.account.Fixtures.unique;
import static io.kubecarrier.account.Fixtures.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.testkit.Access;
import io.kubecarrier.testkit.Manifests;
import io.kubecarrier.testkit.OperatorIdentity;

/**
 * A tenant CRD ({@code Widget} of a unique provider group, labelled {@code
 * kubecarrier.io/catalog-entry}) as the catalog operator makes one, with the ClusterRole that lets
 * the account-operator read its instances by aggregation (the contract of docs/account-operator.md;
 * the catalog operator keeps {@code kubecarrier:tenant-instances-read}).
 */
final class TenantCrds implements AutoCloseable {

  final String group;
  final String resource;
  final Access operator;
  private final CustomResourceDefinition crd;
  private final String grant;
  private final String namespace;

  private TenantCrds(String group, String namespace) {
    this.group = group;
    this.namespace = namespace;
    this.resource = "widgets." + group;
    this.crd = crd(group);
    this.grant = "kubecarrier:tenant-instances-read:" + group;
    this.operator =
        Access.asServiceAccount(
            management(), OperatorIdentity.SYSTEM_NAMESPACE, "account-operator");
  }

  /**
   * Creates the CRD and its aggregated read grant; waits until the operator may list its instances
   * in {@code namespace}.
   */
  static TenantCrds create(String namespace) {
    TenantCrds crds = new TenantCrds(unique("prov") + ".hub.test", namespace);
    admin().resource(crds.crd).create();
    Manifests.awaitEstablished(admin(), crds.crd.getMetadata().getName());
    admin()
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(crds.grant)
                .addToLabels(Labels.AGGREGATE_TO_ACCOUNT_OPERATOR, "true")
                .endMetadata()
                .addNewRule()
                .withApiGroups(crds.group)
                .withResources("widgets")
                .withVerbs("get", "list")
                .endRule()
                .build())
        .create();
    waiting("the account-operator may list the instances through the aggregated ClusterRole")
        .until(
            () ->
                crds.operator.can("list", crds.resource, namespace)
                    && crds.operator.can("get", crds.resource, namespace));
    // read only: the operator never writes or deletes a tenant's instances
    assertThat(crds.operator.can("create", crds.resource, namespace)).isFalse();
    assertThat(crds.operator.can("delete", crds.resource, namespace)).isFalse();
    return crds;
  }

  MixedOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      widgets() {
    return admin().genericKubernetesResources(group + "/v1", "Widget");
  }

  GenericKubernetesResource createWidget(String namespace, String name) {
    return widgets()
        .inNamespace(namespace)
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion(group + "/v1")
                .withKind("Widget")
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .build())
        .create();
  }

  GenericKubernetesResource widget(String namespace, String name) {
    return widgets().inNamespace(namespace).withName(name).get();
  }

  void deleteWidget(String namespace, String name) {
    widgets().inNamespace(namespace).withName(name).delete();
  }

  /** Deletes the CRD and the grant; waits until the aggregated right is gone with the grant. */
  @Override
  public void close() {
    admin().resource(crd).delete();
    admin().rbac().clusterRoles().withName(grant).delete();
    waiting("the aggregated right goes with the labelled ClusterRole")
        .until(() -> !operator.can("list", resource, namespace));
  }

  private static CustomResourceDefinition crd(String group) {
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
