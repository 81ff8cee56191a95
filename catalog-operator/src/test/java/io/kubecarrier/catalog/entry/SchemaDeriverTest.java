package io.kubecarrier.catalog.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubecarrier.api.common.Reasons;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaDeriverTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode schema() throws Exception {
    return JSON.readTree(
        "{\"type\":\"object\",\"x-kubernetes-validations\":[{\"rule\":\"true\"}],\"properties\":{"
            + "\"apiVersion\":{\"type\":\"string\"},\"kind\":{\"type\":\"string\"},"
            + "\"metadata\":{\"type\":\"object\"},"
            + "\"spec\":{\"type\":\"object\",\"required\":[\"version\",\"memory\"],"
            + "\"x-kubernetes-validations\":[{\"rule\":\"self.memory != ''\"}],\"properties\":{"
            + "\"version\":{\"type\":\"string\"},\"memory\":{\"type\":\"string\"},"
            + "\"config\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},"
            + "\"b\":{\"type\":\"integer\"}}}}},"
            + "\"status\":{\"type\":\"object\",\"properties\":{\"phase\":{\"type\":\"string\"}}}}}");
  }

  @Test
  void withoutExposeEverythingIsKeptPlusTheKubeCarrierBlock() throws Exception {
    ObjectNode out = SchemaDeriver.derive(schema(), List.of(), "v1");
    assertThat(SchemaDeriver.fieldNames(out.path("properties").path("spec")))
        .containsExactly("version", "memory", "config");
    assertThat(SchemaDeriver.fieldNames(out.path("properties").path("status")))
        .containsExactly("phase", "kubecarrier");
    assertThat(out.path("properties").path("spec").has("x-kubernetes-validations")).isTrue();
  }

  @Test
  void theKubeCarrierBlockDescribesRelatedResources() {
    ObjectNode b = SchemaDeriver.kubeCarrierBlock();
    assertThat(SchemaDeriver.fieldNames(b))
        .containsExactly(
            "serviceCluster",
            "serviceNamespace",
            "observedGeneration",
            "lastSyncTime",
            "connectionSecret",
            "related",
            "conditions");
    JsonNode related = b.path("properties").path("related");
    assertThat(related.path("type").asText()).isEqualTo("array");
    assertThat(related.path("x-kubernetes-list-type").asText()).isEqualTo("atomic");
    JsonNode item = related.path("items");
    assertThat(SchemaDeriver.fieldNames(item))
        .containsExactly(
            "resource", "direction", "kind", "name", "serviceName", "hash", "state", "message");
    assertThat(item.path("properties").path("state").path("enum").toString())
        .isEqualTo("[\"Synced\",\"Pending\",\"Failed\"]");
    assertThat(b.path("properties").path("conditions").path("description").asText())
        .contains("RelatedResourcesSynced");
  }

  @Test
  void exposedPathsArePrunedWithRequiredAndRulesCut() throws Exception {
    ObjectNode out =
        SchemaDeriver.derive(schema(), List.of(".spec.version", ".spec.config.a"), "v1");
    assertThat(SchemaDeriver.fieldNames(out))
        .containsExactly("spec", "apiVersion", "kind", "metadata", "status");
    JsonNode spec = out.path("properties").path("spec");
    assertThat(SchemaDeriver.fieldNames(spec)).containsExactly("version", "config");
    assertThat(SchemaDeriver.fieldNames(spec.path("properties").path("config")))
        .containsExactly("a");
    assertThat(spec.path("required")).hasSize(1);
    assertThat(spec.path("required").get(0).asText()).isEqualTo("version");
    assertThat(spec.has("x-kubernetes-validations")).isFalse();
    assertThat(out.has("x-kubernetes-validations")).isFalse();
    // status not exposed: only our block
    assertThat(SchemaDeriver.fieldNames(out.path("properties").path("status")))
        .containsExactly("kubecarrier");
  }

  @Test
  void aParentPathKeepsTheWholeSubtree() throws Exception {
    ObjectNode out =
        SchemaDeriver.derive(schema(), List.of(".spec.config.a", ".spec.config"), "v1");
    assertThat(
            SchemaDeriver.fieldNames(
                out.path("properties").path("spec").path("properties").path("config")))
        .containsExactly("a", "b");
  }

  @Test
  void whatTheServiceStatusRequiresIsNotRequiredOfTheTenantStatus() throws Exception {
    // RabbitmqCluster's status requires conditions; the agent writes status.kubecarrier first
    JsonNode service =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                "{\"type\":\"object\",\"properties\":{\"status\":{\"type\":\"object\","
                    + "\"required\":[\"conditions\"],\"properties\":{\"conditions\":"
                    + "{\"type\":\"array\",\"items\":{\"type\":\"object\","
                    + "\"required\":[\"type\"],\"properties\":{\"type\":{\"type\":\"string\"}}}}}}}}");
    ObjectNode out = SchemaDeriver.derive(service, List.of(), "v1beta1");
    assertThat(out.at("/properties/status").has("required")).isFalse();
    assertThat(out.at("/properties/status/properties/conditions/items/required").toString())
        .as("deeper rules stay: they hold for what is copied from a valid service object")
        .isEqualTo("[\"type\"]");
  }

  @Test
  void unknownPathIsRefused() {
    assertThatThrownBy(() -> SchemaDeriver.derive(schema(), List.of(".spec.nope"), "v1"))
        .isInstanceOfSatisfying(
            InvalidEntryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.INVALID_EXPOSE);
              assertThat(e.getMessage()).contains(".spec.nope", "v1");
            });
  }

  @Test
  void printerColumnsAreKeptOnlyForKeptFields() {
    assertThat(SchemaDeriver.keepsColumn(".spec.version", List.of(".spec.version"))).isTrue();
    assertThat(SchemaDeriver.keepsColumn(".spec.memory", List.of(".spec.version"))).isFalse();
    assertThat(SchemaDeriver.keepsColumn(".spec.config.a", List.of(".spec.config"))).isTrue();
    assertThat(SchemaDeriver.keepsColumn(".spec.versionX", List.of(".spec.version"))).isFalse();
    assertThat(SchemaDeriver.keepsColumn(".metadata.name", List.of(".spec.version"))).isTrue();
    assertThat(SchemaDeriver.keepsColumn(".spec.memory", List.of())).isTrue();
  }
}
