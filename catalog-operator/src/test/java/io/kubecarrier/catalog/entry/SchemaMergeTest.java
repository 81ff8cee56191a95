package io.kubecarrier.catalog.entry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubecarrier.catalog.entry.SchemaMerge.Input;
import io.kubecarrier.catalog.entry.SchemaMerge.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaMergeTest {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A Redis-like schema with {@code specProps} under spec ('single quotes' for readability). */
  static JsonNode schema(String specProps) throws Exception {
    return schema(specProps, "");
  }

  static JsonNode schema(String specProps, String specExtra) throws Exception {
    return JSON.readTree(
        ("{'type':'object','properties':{'spec':{'type':'object','description':'Spec.',"
                + specExtra
                + "'properties':{"
                + specProps
                + "}}}}")
            .replace('\'', '"'));
  }

  static SchemaMerge.Result merge(JsonNode a, JsonNode b) {
    return SchemaMerge.merge(List.of(new Input("eu-west-1", a), new Input("us-east-1", b)));
  }

  static final String VERSION = "'version':{'type':'string','description':'Redis version.'}";

  @Test
  void descriptionsAloneAreEquivalent() throws Exception {
    var r =
        merge(
            schema(VERSION),
            schema("'version':{'type':'string','description':'The Redis version to run.'}"));
    assertThat(r.compatible()).isTrue();
    assertThat(r.equivalent()).isTrue();
    assertThat(r.of(Kind.DOCUMENTATION))
        .extracting(SchemaMerge.Difference::path)
        .containsExactly(".spec.version");
    assertThat(r.schema().at("/properties/spec/properties/version/description").asText())
        .isEqualTo("Redis version.");
  }

  @Test
  void anOptionalFieldInOneRegionIsMergedAndRecorded() throws Exception {
    var r = merge(schema(VERSION), schema(VERSION + ",'maxMemory':{'type':'string'}"));
    assertThat(r.compatible()).isTrue();
    assertThat(r.equivalent()).isFalse();
    assertThat(r.partial()).containsOnlyKeys(".spec.maxMemory");
    assertThat(r.partial().get(".spec.maxMemory")).containsExactly("us-east-1");
    assertThat(SchemaDeriver.fieldNames(r.schema().at("/properties/spec")))
        .containsExactly("version", "maxMemory");
    assertThat(r.of(Kind.ADDITIVE).get(0).detail()).contains("only in us-east-1");
  }

  @Test
  void aTypeChangeIsIncompatibleAndNamesBothSides() throws Exception {
    var r = merge(schema("'size':{'type':'string'}"), schema("'size':{'type':'integer'}"));
    assertThat(r.compatible()).isFalse();
    assertThat(r.schema()).isNull();
    assertThat(r.conflicts()).hasSize(1);
    assertThat(r.conflicts().get(0).toString())
        .isEqualTo(".spec.size: type string in eu-west-1, integer in us-east-1");
  }

  @Test
  void aNewRequiredFieldIsIncompatible() throws Exception {
    var r =
        merge(
            schema(VERSION), schema(VERSION + ",'tier':{'type':'string'}", "'required':['tier'],"));
    assertThat(r.compatible()).isFalse();
    assertThat(r.conflicts().get(0).toString())
        .isEqualTo(".spec.tier: required in us-east-1, unknown in eu-west-1");
  }

  @Test
  void tightenedValidationTakesTheStrictest() throws Exception {
    var r =
        merge(
            schema(
                "'mode':{'type':'string','enum':['a','b','c']},'n':{'type':'integer','maximum':10},"
                    + "'m':{'type':'integer'}"),
            schema(
                "'mode':{'type':'string','enum':['a','b']},'n':{'type':'integer','maximum':5},"
                    + "'m':{'type':'integer','x-kubernetes-validations':[{'rule':'self > 0'}]}",
                "'required':['n'],"));
    assertThat(r.compatible()).isTrue();
    JsonNode spec = r.schema().at("/properties/spec");
    assertThat(spec.at("/properties/mode/enum").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(spec.at("/properties/n/maximum").asInt()).isEqualTo(5);
    assertThat(spec.at("/properties/m/x-kubernetes-validations/0/rule").asText())
        .isEqualTo("self > 0");
    assertThat(spec.path("required").toString()).isEqualTo("[\"n\"]");
    assertThat(r.of(Kind.TIGHTENED)).hasSize(4);
  }

  @Test
  void differingDefaultsAreDropped() throws Exception {
    var r =
        merge(
            schema("'replicas':{'type':'integer','default':1}"),
            schema("'replicas':{'type':'integer','default':3}"));
    assertThat(r.compatible()).isTrue();
    assertThat(r.schema().at("/properties/spec/properties/replicas").has("default")).isFalse();
    assertThat(r.of(Kind.DEFAULTING)).hasSize(1);
  }

  @Test
  void structuralMarkersAndDisjointEnumsAreIncompatible() throws Exception {
    var r =
        merge(
            schema("'cfg':{'type':'object','x-kubernetes-preserve-unknown-fields':true}"),
            schema("'cfg':{'type':'object','properties':{'a':{'type':'string'}}}"));
    assertThat(r.conflicts()).extracting(SchemaMerge.Difference::path).contains(".spec.cfg");
    var e =
        merge(
            schema("'mode':{'type':'string','enum':['a']}"),
            schema("'mode':{'type':'string','enum':['b']}"));
    assertThat(e.compatible()).isFalse();
  }

  @Test
  void fieldsUnderArraysAreMergedItemWise() throws Exception {
    var r =
        merge(
            schema(
                "'users':{'type':'array','items':{'type':'object','properties':{'name':{'type':'string'}}}}"),
            schema(
                "'users':{'type':'array','items':{'type':'object','properties':{'name':{'type':'string'},"
                    + "'roles':{'type':'array','items':{'type':'string'}}}}}"));
    assertThat(r.compatible()).isTrue();
    assertThat(r.partial()).containsOnlyKeys(".spec.users[*].roles");
  }
}
