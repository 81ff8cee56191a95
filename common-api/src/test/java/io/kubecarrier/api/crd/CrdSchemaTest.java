package io.kubecarrier.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubecarrier.api.common.Categories;
import io.kubecarrier.api.common.PrinterColumns;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks the generated CRDs against DESIGN.md §3: what every KubeCarrier kind must have. */
class CrdSchemaTest {

  /** Short names of built-in kinds (kubectl api-resources, Kubernetes 1.35); ours must differ. */
  private static final Set<String> BUILT_IN_SHORT_NAMES =
      Set.of(
          "cs",
          "cm",
          "ep",
          "ev",
          "limits",
          "ns",
          "no",
          "pvc",
          "pv",
          "po",
          "rc",
          "quota",
          "sa",
          "svc",
          "crd",
          "crds",
          "deploy",
          "ds",
          "rs",
          "sts",
          "hpa",
          "cj",
          "csr",
          "ing",
          "netpol",
          "pdb",
          "pc",
          "sc",
          "vac",
          "ipa",
          "ingclass",
          "leases",
          "eps",
          "flowschemas",
          "prioritylevelconfigurations",
          "vap",
          "vapb",
          "mutatingwebhookconfigurations");

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Stream<Arguments> kinds() {
    return KubeCarrierKinds.ALL.stream().map(k -> Arguments.of(k.getSimpleName(), k));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void identityConstantsMatchTheCrd(String name, Class<? extends CustomResource<?, ?>> kind)
      throws Exception {
    CustomResourceDefinition crd = load(kind);
    assertThat(crd.getMetadata().getName()).isEqualTo(constant(kind, "CRD_NAME"));
    assertThat(crd.getSpec().getGroup()).isEqualTo(constant(kind, "GROUP"));
    assertThat(crd.getSpec().getNames().getKind())
        .isEqualTo(constant(kind, "KIND"))
        .isEqualTo(name);
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(constant(kind, "PLURAL"));
    assertThat(crd.getSpec().getVersions())
        .extracting(CustomResourceDefinitionVersion::getName)
        .containsExactly(constant(kind, "VERSION"));
    assertThat(crd.getSpec().getScope())
        .isEqualTo(name.equals("Account") ? "Cluster" : "Namespaced");
    assertThat(constant(kind, "GROUP"))
        .isEqualTo(
            Set.of("ServiceCluster", "ServiceClusterAssignment", "CustomResourceDiscovery")
                    .contains(name)
                ? "kubecarrier.io"
                : "catalog.kubecarrier.io");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void statusSubresourceReadyColumnShortNamesAndCategories(
      String name, Class<? extends CustomResource<?, ?>> kind) throws Exception {
    CustomResourceDefinition crd = load(kind);
    CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);

    assertThat(version.getSubresources()).isNotNull();
    assertThat(version.getSubresources().getStatus()).as("status subresource").isNotNull();

    assertThat(version.getAdditionalPrinterColumns())
        .extracting(
            CustomResourceColumnDefinition::getName, CustomResourceColumnDefinition::getJsonPath)
        .contains(
            org.assertj.core.groups.Tuple.tuple("Ready", PrinterColumns.READY),
            org.assertj.core.groups.Tuple.tuple("Age", PrinterColumns.AGE));

    assertThat(crd.getSpec().getNames().getShortNames())
        .isNotEmpty()
        .contains(constant(kind, "SHORT_NAME"))
        .doesNotContainAnyElementsOf(BUILT_IN_SHORT_NAMES);

    assertThat(crd.getSpec().getNames().getCategories())
        .contains(Categories.ALL)
        .containsAnyOf(Categories.ADMIN, Categories.PROVIDER, Categories.TENANT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void statusHasObservedGenerationAndConditions(
      String name, Class<? extends CustomResource<?, ?>> kind) throws Exception {
    JSONSchemaProps root = schema(load(kind));
    JSONSchemaProps status = root.getProperties().get("status");
    assertThat(status).as("status schema").isNotNull();
    assertThat(status.getProperties().get("observedGeneration").getType()).isEqualTo("integer");
    JSONSchemaProps conditions = status.getProperties().get("conditions");
    assertThat(conditions.getType()).isEqualTo("array");
    assertThat(conditions.getItems().getSchema().getProperties())
        .containsKeys(
            "type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
    assertThat(conditions.getItems().getSchema().getRequired()).contains("type", "status");
    assertThat(root.getProperties()).containsKey("spec");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyFieldHasADescription(String name, Class<? extends CustomResource<?, ?>> kind)
      throws Exception {
    JSONSchemaProps root = schema(load(kind));
    List<String> missing = new ArrayList<>();
    if (isBlank(root.getDescription())) {
      missing.add("<root>");
    }
    collectMissingDescriptions("", root, missing);
    assertThat(missing).as("fields of %s without description", name).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void everyCelRuleHasAMessage(String name, Class<? extends CustomResource<?, ?>> kind)
      throws Exception {
    List<String> withoutMessage = new ArrayList<>();
    collectRulesWithoutMessage("", schema(load(kind)), withoutMessage);
    assertThat(withoutMessage).as("CEL rules of %s without message", name).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void namesThatBecomeOtherNamesAreDnsLabelsAtAdmission() throws Exception {
    for (Class<? extends CustomResource<?, ?>> kind :
        List.of(
            io.kubecarrier.api.account.Account.class,
            io.kubecarrier.api.servicecluster.ServiceCluster.class)) {
      assertThat(schema(load(kind)).getXKubernetesValidations())
          .extracting(ValidationRule::getRule)
          .anySatisfy(rule -> assertThat(rule).contains("self.metadata.name").contains("63"));
    }
    assertThat(
            schema(load(io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment.class))
                .getXKubernetesValidations())
        .extracting(ValidationRule::getRule)
        .containsExactly(
            "self.metadata.name == self.spec.managementNamespace.name + '.' +"
                + " self.spec.serviceCluster.name");
  }

  private static void collectMissingDescriptions(
      String path, JSONSchemaProps schema, List<String> missing) {
    if (Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())
        && (schema.getProperties() == null || schema.getProperties().isEmpty())) {
      return; // opaque: its content is not ours to describe
    }
    if (schema.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> e : schema.getProperties().entrySet()) {
        String p = path + "." + e.getKey();
        if (isBlank(e.getValue().getDescription())) {
          missing.add(p);
        }
        collectMissingDescriptions(p, e.getValue(), missing);
      }
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectMissingDescriptions(path + "[]", schema.getItems().getSchema(), missing);
    }
    if (schema.getAdditionalProperties() != null
        && schema.getAdditionalProperties().getSchema() != null) {
      collectMissingDescriptions(
          path + "{}", schema.getAdditionalProperties().getSchema(), missing);
    }
  }

  private static void collectRulesWithoutMessage(
      String path, JSONSchemaProps schema, List<String> out) {
    if (schema.getXKubernetesValidations() != null) {
      for (ValidationRule rule : schema.getXKubernetesValidations()) {
        if (isBlank(rule.getMessage()) && isBlank(rule.getMessageExpression())) {
          out.add((path.isEmpty() ? "<root>" : path) + ": " + rule.getRule());
        }
      }
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((k, v) -> collectRulesWithoutMessage(path + "." + k, v, out));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      collectRulesWithoutMessage(path + "[]", schema.getItems().getSchema(), out);
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  static CustomResourceDefinition load(Class<? extends CustomResource<?, ?>> kind)
      throws IOException {
    try (InputStream in =
        Files.newInputStream(
            KubeCarrierKinds.GENERATED_DIR.resolve(KubeCarrierKinds.fileName(kind)))) {
      return SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
    }
  }

  private static JSONSchemaProps schema(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  private static String constant(Class<?> kind, String field) throws ReflectiveOperationException {
    return (String) kind.getField(field).get(null);
  }
}
