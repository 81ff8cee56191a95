package io.kubecarrier.api.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentryset.CatalogEntrySet;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.provider.Provider;
import io.kubecarrier.api.region.Region;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.tenant.Tenant;
import io.kubecarrier.testkit.K8sBinaries;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.Kubectl;
import io.kubecarrier.testkit.Manifests;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRDs of {@code k8s/crds/} on a real kube-apiserver: they install, accept a valid
 * example of every kind, reject invalid input at admission with an actionable message, and serve
 * their descriptions to {@code kubectl explain}.
 */
class ApiAdmissionIT {

  static final String NS = "api-admission";
  static KubeCluster management;
  static KubernetesClient client;
  static List<CustomResourceDefinition> crds;

  @BeforeAll
  static void install() {
    management = KubeClusters.shared().management();
    client = management.adminClient();
    crds = Manifests.applyCrds(client, K8sBinaries.repoRoot().resolve("k8s/crds"));
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
  }

  @Test
  void everyCrdIsEstablished() {
    assertThat(crds)
        .extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder(
            Account.CRD_NAME,
            Catalog.CRD_NAME,
            CatalogEntry.CRD_NAME,
            CatalogEntrySet.CRD_NAME,
            Offering.CRD_NAME,
            Provider.CRD_NAME,
            Region.CRD_NAME,
            Tenant.CRD_NAME,
            ServiceCluster.CRD_NAME,
            ServiceClusterAssignment.CRD_NAME,
            CustomResourceDiscovery.CRD_NAME);
  }

  /** The committed examples, one per kind; the OLM bundle's alm-examples are made from them. */
  static final String EXAMPLES = "docs/examples/api-examples.yaml";

  static List<String> exampleDocuments() throws IOException {
    String text = Files.readString(K8sBinaries.repoRoot().resolve(EXAMPLES));
    return Arrays.stream(text.split("(?m)^---\\s*$"))
        .filter(doc -> KIND.matcher(doc).find())
        .toList();
  }

  static final Pattern KIND = Pattern.compile("(?m)^kind:\\s*(\\S+)\\s*$");

  static String kindOf(String doc) {
    Matcher m = KIND.matcher(doc);
    assertThat(m.find()).as("kind in %s", doc).isTrue();
    return m.group(1);
  }

  static Stream<Arguments> validExamples() throws IOException {
    return exampleDocuments().stream().map(doc -> Arguments.of(kindOf(doc), doc));
  }

  @Test
  void theExamplesHoldExactlyOneOfEveryKind() throws IOException {
    assertThat(exampleDocuments().stream().map(ApiAdmissionIT::kindOf))
        .containsExactlyInAnyOrderElementsOf(
            crds.stream().map(c -> c.getSpec().getNames().getKind()).toList());
  }

  @ParameterizedTest(name = "valid {0} is accepted")
  @MethodSource("validExamples")
  void validExampleIsAccepted(String kind, String yaml) {
    HasMetadata example = client.resource(yaml).item();
    boolean namespaced =
        crds.stream()
            .filter(c -> c.getSpec().getNames().getKind().equals(kind))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no CRD of kind " + kind))
            .getSpec()
            .getScope()
            .equals("Namespaced");
    if (namespaced) {
      example.getMetadata().setNamespace(NS);
    }
    HasMetadata created = client.resource(example).serverSideApply();
    assertThat(created.getKind()).isEqualTo(kind);
    assertThat(created.getMetadata().getUid()).isNotBlank();
  }

  static Stream<Arguments> invalidManifests() {
    return Stream.of(
        Arguments.of(
            "Account name that is not a DNS label",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: Account
            metadata: {name: team.a}
            spec: {roles: [Tenant], subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: a}]}
            """,
            "metadata.name must be a DNS-1123 label"),
        Arguments.of(
            "Account with an unknown role",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: Account
            metadata: {name: bad-role}
            spec: {roles: [Admin], subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: a}]}
            """,
            "supported values: \"Provider\", \"Tenant\""),
        Arguments.of(
            "Account with no roles",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: Account
            metadata: {name: no-roles}
            spec: {roles: [], subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: a}]}
            """,
            "spec.roles: Invalid value: 0: spec.roles in body should have at least 1 items"),
        Arguments.of(
            "Account without subjects",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: Account
            metadata: {name: no-subjects}
            spec: {roles: [Tenant]}
            """,
            "spec.subjects: Required value"),
        Arguments.of(
            "Account with an empty subject list",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: Account
            metadata: {name: empty-subjects}
            spec: {roles: [Tenant], subjects: []}
            """,
            "spec.subjects in body should have at least 1 items"),
        Arguments.of(
            "Account listing a role twice",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: Account
            metadata: {name: twice}
            spec: {roles: [Tenant, Tenant], subjects: [{kind: User, apiGroup: rbac.authorization.k8s.io, name: a}]}
            """,
            "spec.roles must not list a role twice"),
        Arguments.of(
            "Account subject of an unknown kind",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: Account
            metadata: {name: robot}
            spec: {roles: [Tenant], subjects: [{kind: Robot, name: r2d2}]}
            """,
            "supported values: \"Group\", \"ServiceAccount\", \"User\""),
        Arguments.of(
            "Account ServiceAccount subject without namespace",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: Account
            metadata: {name: sa-no-ns}
            spec: {roles: [Tenant], subjects: [{kind: ServiceAccount, name: ci}]}
            """,
            "a subject of kind ServiceAccount needs namespace"),
        Arguments.of(
            "ServiceCluster without kubeconfigSecret",
            """
            apiVersion: kubecarrier.io/v1alpha1
            kind: ServiceCluster
            metadata: {name: no-secret, namespace: api-admission}
            spec: {metadata: {displayName: x}}
            """,
            "spec.kubeconfigSecret: Required value"),
        Arguments.of(
            "ServiceCluster name that is not a DNS label",
            """
            apiVersion: kubecarrier.io/v1alpha1
            kind: ServiceCluster
            metadata: {name: eu.west, namespace: api-admission}
            spec: {kubeconfigSecret: {name: s}}
            """,
            "metadata.name must be a DNS-1123 label"),
        Arguments.of(
            "ServiceClusterAssignment with the wrong name",
            """
            apiVersion: kubecarrier.io/v1alpha1
            kind: ServiceClusterAssignment
            metadata: {name: whatever, namespace: api-admission}
            spec: {serviceCluster: {name: eu-west-1}, managementNamespace: {name: team-a}}
            """,
            "metadata.name must be <spec.managementNamespace.name>.<spec.serviceCluster.name>"),
        Arguments.of(
            "CustomResourceDiscovery of a name that is no CRD name",
            """
            apiVersion: kubecarrier.io/v1alpha1
            kind: CustomResourceDiscovery
            metadata: {name: bad-crd, namespace: api-admission}
            spec: {crd: {name: Redis}, serviceCluster: {name: eu-west-1}}
            """,
            "spec.crd.name must be the name of a CustomResourceDefinition"),
        Arguments.of(
            "CatalogEntrySet without the CRD to discover",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: CatalogEntrySet
            metadata: {name: no-crd, namespace: api-admission}
            spec: {discover: {serviceClusterSelector: {}}}
            """,
            "spec.discover.crd: Required value"),
        Arguments.of(
            "CatalogEntrySet exposing a path outside spec and status",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: CatalogEntrySet
            metadata: {name: bad-path, namespace: api-admission}
            spec:
              discover: {crd: {name: redis.cache.example.com}}
              derive: {expose: [{versions: [v1alpha1], fields: [{jsonPath: .metadata.labels}]}]}
            """,
            "jsonPath"),
        Arguments.of(
            "CatalogEntrySet with an invalid tenant API group",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: CatalogEntrySet
            metadata: {name: bad-group, namespace: api-admission}
            spec:
              discover: {crd: {name: redis.cache.example.com}}
              tenantCRD: {group: Not_A_Group}
            """,
            "spec.tenantCRD.group"),
        Arguments.of(
            "related resources with the same name twice",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: CatalogEntrySet
            metadata: {name: rr-dup-name, namespace: api-admission}
            spec:
              discover: {crd: {name: redis.cache.example.com}}
              relatedResources:
              - {name: pw, direction: Down, kind: Secret, fromPath: .spec.passwordRef.name}
              - {name: pw, direction: Up, kind: Secret, nameTemplate: "{{.metadata.name}}-creds"}
            """,
            "names must be unique"),
        Arguments.of(
            "related resource with two sources",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: CatalogEntrySet
            metadata: {name: rr-two-sources, namespace: api-admission}
            spec:
              discover: {crd: {name: redis.cache.example.com}}
              relatedResources:
              - {name: pw, direction: Down, kind: Secret, fromPath: .spec.passwordRef.name, nameTemplate: x}
            """,
            "set exactly one of fromPath, nameTemplate and selector"),
        Arguments.of(
            "related resource Down with a selector",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: CatalogEntrySet
            metadata: {name: rr-down-selector, namespace: api-admission}
            spec:
              discover: {crd: {name: redis.cache.example.com}}
              relatedResources:
              - {name: pw, direction: Down, kind: Secret, selector: {matchLabels: {app: x}}}
            """,
            "selector finds objects in the service namespace: only for direction Up"),
        Arguments.of(
            "related resource Down with a targetName",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: CatalogEntrySet
            metadata: {name: rr-down-target, namespace: api-admission}
            spec:
              discover: {crd: {name: redis.cache.example.com}}
              relatedResources:
              - {name: pw, direction: Down, kind: Secret, fromPath: .spec.passwordRef.name, targetName: x}
            """,
            "targetName is only for direction Up"),
        Arguments.of(
            "related resource path outside spec and status",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: CatalogEntrySet
            metadata: {name: rr-bad-path, namespace: api-admission}
            spec:
              discover: {crd: {name: redis.cache.example.com}}
              relatedResources:
              - {name: pw, direction: Down, kind: Secret, fromPath: .metadata.name}
            """,
            "fromPath"),
        Arguments.of(
            "Catalog selector with an unknown operator",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: Catalog
            metadata: {name: bad-selector, namespace: api-admission}
            spec: {tenantSelector: {matchExpressions: [{key: tier, operator: Like, values: [gold]}]}}
            """,
            "supported values: \"DoesNotExist\", \"Exists\", \"In\", \"NotIn\""),
        Arguments.of(
            "Catalog selector In without values",
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: Catalog
            metadata: {name: in-no-values, namespace: api-admission}
            spec: {catalogEntrySelector: {matchExpressions: [{key: tier, operator: In}]}}
            """,
            "operators In and NotIn need at least one entry"));
  }

  @Test
  void relatedResourcesAndPropagateMetadataAreAccepted() {
    String yaml =
        """
        apiVersion: catalog.kubecarrier.io/v1alpha1
        kind: CatalogEntrySet
        metadata: {name: related-ok, namespace: api-admission}
        spec:
          discover: {crd: {name: redis.cache.example.com}}
          relatedResources:
          - {name: user-password, direction: Down, kind: Secret, fromPath: ".spec.users[*].passwordSecretRef.name"}
          - name: default-user
            direction: Up
            kind: Secret
            nameTemplate: "{{.metadata.name}}-default-user"
            keys: [{key: username}, {key: password, as: rabbitmq-password}, {key: host, as: username-host}]
            targetName: "{{.metadata.name}}-rabbitmq"
          - name: ca
            direction: Up
            kind: ConfigMap
            selector: {matchLabels: {app.kubernetes.io/instance: "{{.metadata.name}}"}}
            targetName: "{{.source.name}}"
          - {name: by-key, direction: Up, kind: Secret, fromPath: ".status['conn.secret'].name"}
          propagateMetadata: {labels: ["strimzi.io/cluster", "app.kubernetes.io/*"], annotations: []}
        """;
    HasMetadata created = client.resource(yaml).create();
    assertThat(created.getMetadata().getUid()).isNotBlank();
    client.resource(created).delete();
  }

  @ParameterizedTest(name = "rejected: {0}")
  @MethodSource("invalidManifests")
  void invalidManifestIsRejectedWithAnActionableMessage(
      String what, String yaml, String expectedMessage) {
    assertThatThrownBy(() -> client.resource(yaml).create())
        .isInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(422))
        .hasMessageContaining(expectedMessage);
  }

  static Stream<Arguments> immutableReferences() {
    return Stream.of(
        Arguments.of(
            """
            apiVersion: kubecarrier.io/v1alpha1
            kind: ServiceClusterAssignment
            metadata: {name: team-b.eu-west-1, namespace: api-admission}
            spec: {serviceCluster: {name: eu-west-1}, managementNamespace: {name: team-b}}
            """,
            "/spec/serviceCluster/name",
            "us-east-1",
            "spec.serviceCluster is immutable"),
        Arguments.of(
            """
            apiVersion: kubecarrier.io/v1alpha1
            kind: CustomResourceDiscovery
            metadata: {name: immutable.eu-west-1, namespace: api-admission}
            spec: {crd: {name: redis.cache.example.com}, serviceCluster: {name: eu-west-1}}
            """,
            "/spec/crd/name",
            "memcached.cache.example.com",
            "spec.crd is immutable"),
        Arguments.of(
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: CatalogEntrySet
            metadata: {name: immutable, namespace: api-admission}
            spec: {discover: {crd: {name: redis.cache.example.com}}}
            """,
            "/spec/discover/crd/name",
            "memcached.cache.example.com",
            "spec.discover.crd is immutable"),
        Arguments.of(
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: CatalogEntry
            metadata: {name: immutable, namespace: api-admission}
            spec: {catalogEntrySet: {name: redis}}
            """,
            "/spec/catalogEntrySet/name",
            "memcached",
            "spec.catalogEntrySet is immutable"));
  }

  @ParameterizedTest(name = "immutable: {1}")
  @MethodSource("immutableReferences")
  void changingAnImmutableReferenceIsRejected(
      String yaml, String path, String newValue, String expectedMessage) {
    GenericKubernetesResource created =
        (GenericKubernetesResource) client.resource(client.resource(yaml).item()).create();
    String patch =
        "[{\"op\":\"replace\",\"path\":\"" + path + "\",\"value\":\"" + newValue + "\"}]";
    assertThatThrownBy(
            () ->
                client
                    .genericKubernetesResources(created.getApiVersion(), created.getKind())
                    .inNamespace(NS)
                    .withName(created.getMetadata().getName())
                    .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
                        patch))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining(expectedMessage);
  }

  @Test
  void invalidConditionInAStatusUpdateIsRejected() {
    client
        .resource(
            """
            apiVersion: catalog.kubecarrier.io/v1alpha1
            kind: Provider
            metadata: {name: status-probe, namespace: api-admission}
            spec: {metadata: {displayName: Probe}}
            """)
        .create();
    String patch =
        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"Maybe\","
            + "\"reason\":\"Guessing\",\"lastTransitionTime\":\"2026-01-01T00:00:00Z\"}]}}";
    assertThatThrownBy(
            () ->
                client
                    .genericKubernetesResources(Provider.API_VERSION, Provider.KIND)
                    .inNamespace(NS)
                    .withName("status-probe")
                    .subresource("status")
                    .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        patch))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("status.conditions[0].status");
  }

  @Test
  void openApiV3ServesTheDescriptions() {
    String catalogGroup =
        client.raw(management.url() + "/openapi/v3/apis/catalog.kubecarrier.io/v1alpha1");
    assertThat(catalogGroup)
        .contains("io.kubecarrier.catalog.v1alpha1.Account")
        .contains("Roles of the account");
    Kubectl.Result explain = management.kubectl("explain", "accounts.spec.roles");
    explain.assertSuccess();
    assertThat(explain.output())
        .contains("GROUP:      catalog.kubecarrier.io")
        .contains("Provider");
    Kubectl.Result sca =
        management.kubectl("explain", "serviceclusterassignments.spec.managementNamespace");
    sca.assertSuccess();
    assertThat(sca.output()).contains("name\t<string> -required-");
  }

  @Test
  void kubectlListsEveryKindThroughTheCategories() {
    client
        .resource(
            """
            apiVersion: kubecarrier.io/v1alpha1
            kind: ServiceCluster
            metadata: {name: kubectl-probe, namespace: api-admission}
            spec: {kubeconfigSecret: {name: s}}
            """)
        .serverSideApply();
    Kubectl.Result all = management.kubectl("get", "kubecarrier", "-n", NS, "-o", "name");
    all.assertSuccess();
    assertThat(all.output()).contains("servicecluster.kubecarrier.io/kubectl-probe");
    Kubectl.Result ready = management.kubectl("get", "serviceclusters", "-n", NS);
    ready.assertSuccess();
    assertThat(ready.output().lines().findFirst().orElseThrow()).contains("READY");
  }
}
