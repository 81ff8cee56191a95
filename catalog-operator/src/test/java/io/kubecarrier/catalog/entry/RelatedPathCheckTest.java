package io.kubecarrier.catalog.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentry.CatalogEntrySpec;
import io.kubecarrier.api.common.RelatedDirection;
import io.kubecarrier.api.common.RelatedKind;
import io.kubecarrier.api.common.RelatedResource;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelatedPathCheckTest {

  static final JsonNode SCHEMA =
      json(
          """
          {"type": "object", "properties": {
            "spec": {"type": "object", "properties": {
              "users": {"type": "array", "items": {"type": "object", "properties": {
                "name": {"type": "string"},
                "passwordSecretRef": {"type": "object", "properties": {"name": {"type": "string"}}}}}},
              "labels": {"type": "object", "additionalProperties": {"type": "string"}},
              "override": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}},
            "status": {"type": "object", "properties": {
              "binding": {"type": "object", "properties": {"name": {"type": "string"}}}}}}}
          """);

  @Test
  void pathsTheSchemaHasPassOthersSayWhatIsMissing() {
    assertThat(RelatedPathCheck.missing(SCHEMA, ".spec.users[*].passwordSecretRef.name")).isNull();
    assertThat(RelatedPathCheck.missing(SCHEMA, ".spec.users[0].name")).isNull();
    assertThat(RelatedPathCheck.missing(SCHEMA, ".spec.labels['app.kubernetes.io/name']")).isNull();
    assertThat(RelatedPathCheck.missing(SCHEMA, ".spec.override.anything[*].deep")).isNull();
    assertThat(RelatedPathCheck.missing(SCHEMA, ".status.binding.name")).isNull();
    assertThat(RelatedPathCheck.missing(SCHEMA, ".spec.users[*].passwordRef.name"))
        .isEqualTo("has no field passwordRef under .spec.users[*]");
    assertThat(RelatedPathCheck.missing(SCHEMA, ".spec.users.name"))
        .isEqualTo("has no field name under .spec.users");
    assertThat(RelatedPathCheck.missing(SCHEMA, ".status.binding[*].name"))
        .isEqualTo("has no list at .status.binding ([*])");
  }

  @Test
  void aDeclarationThatCanNeverNameAnythingMakesTheEntryInvalid() {
    RelatedResource d = new RelatedResource();
    d.setName("passwords");
    d.setDirection(RelatedDirection.Down);
    d.setKind(RelatedKind.Secret);
    d.setFromPath(".spec.users[*].passwordRef.name");
    CatalogEntry e = new CatalogEntry();
    e.setSpec(new CatalogEntrySpec());
    e.getSpec().setRelatedResources(List.of(d));
    assertThatThrownBy(() -> RelatedPathCheck.check(e, "v1", SCHEMA, SCHEMA))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessage(
            "relatedResources[passwords].fromPath .spec.users[*].passwordRef.name: the tenant CRD"
                + " (what tenants can set) has no field passwordRef under .spec.users[*] (version"
                + " v1), so it can never name an object: fix the path");
    d.setFromPath(null);
    d.setNameTemplate("{{.metadata.name}}-{{.spec.users[*].db}}");
    assertThatThrownBy(() -> RelatedPathCheck.check(e, "v1", SCHEMA, SCHEMA))
        .hasMessageContaining("relatedResources[passwords].template .spec.users[*].db");
    d.setNameTemplate("{{.metadata.name}}-{{.spec.users[*].name}}");
    RelatedPathCheck.check(e, "v1", SCHEMA, SCHEMA);
  }

  static JsonNode json(String s) {
    try {
      return new ObjectMapper().readTree(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
