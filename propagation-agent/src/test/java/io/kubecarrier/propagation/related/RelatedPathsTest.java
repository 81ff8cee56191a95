package io.kubecarrier.propagation.related;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kubecarrier.api.common.RelatedDirection;
import io.kubecarrier.api.common.RelatedKind;
import io.kubecarrier.api.common.RelatedPaths;
import io.kubecarrier.api.common.RelatedResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelatedPathsTest {

  static final Map<String, Object> MONGO =
      Map.of(
          "metadata",
          Map.of("name", "example-mongodb"),
          "spec",
          Map.of(
              "users",
              List.of(
                  Map.of(
                      "name", "my-user", "db", "admin", "passwordSecretRef", Map.of("name", "p1")),
                  Map.of("name", "other", "db", "app", "passwordSecretRef", Map.of("name", "p2"))),
              "a.b",
              Map.of("c", "dotted")));

  @Test
  void pathsReachEveryItemOneItemAndDottedKeys() {
    assertThat(RelatedPaths.strings(MONGO, ".spec.users[*].passwordSecretRef.name"))
        .extracting(RelatedPaths.Match::value, RelatedPaths.Match::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("p1", ".spec.users[0].passwordSecretRef.name"),
            org.assertj.core.groups.Tuple.tuple("p2", ".spec.users[1].passwordSecretRef.name"));
    assertThat(RelatedPaths.strings(MONGO, ".spec.users[1].name"))
        .extracting(RelatedPaths.Match::value)
        .containsExactly("other");
    assertThat(RelatedPaths.strings(MONGO, ".spec['a.b'].c"))
        .extracting(RelatedPaths.Match::value)
        .containsExactly("dotted");
    assertThat(RelatedPaths.eval(MONGO, ".spec.users[5].name")).isEmpty();
    assertThat(RelatedPaths.eval(MONGO, ".status.binding.name")).isEmpty();
    assertThatThrownBy(() -> RelatedPaths.eval(MONGO, "spec.users"))
        .hasMessageContaining("cannot read it");
  }

  @Test
  void templatesZipListsAndRepeatSingleValues() {
    assertThat(
            RelatedPaths.render(
                "{{.metadata.name}}-{{.spec.users[*].db}}-{{.spec.users[*].name}}", MONGO))
        .containsExactly("example-mongodb-admin-my-user", "example-mongodb-app-other");
    assertThat(RelatedPaths.render("{{ .metadata.name }}-default-user", MONGO))
        .containsExactly("example-mongodb-default-user");
    assertThat(RelatedPaths.render("{{.status.binding.name}}", MONGO)).isEmpty();
    assertThat(RelatedPaths.render("fixed", MONGO)).containsExactly("fixed");
    Map<String, Object> uneven =
        Map.of("spec", Map.of("a", List.of("1", "2"), "b", List.of("1", "2", "3")));
    assertThatThrownBy(() -> RelatedPaths.render("{{.spec.a[*]}}{{.spec.b[*]}}", uneven))
        .hasMessageContaining("different lengths (2 and 3)");
  }

  @Test
  void downNamesRefuseOtherNamespacesAndInvalidNames() {
    RelatedResource d = new RelatedResource();
    d.setName("refs");
    d.setDirection(RelatedDirection.Down);
    d.setKind(RelatedKind.Secret);
    d.setFromPath(".spec.refs[*].name");
    GenericKubernetesResource t = new GenericKubernetesResource();
    t.setMetadata(new ObjectMeta());
    t.getMetadata().setName("i");
    t.getMetadata().setNamespace("team-a");
    t.setAdditionalProperty(
        "spec",
        Map.of(
            "refs",
            List.of(
                Map.of("name", "ok"),
                Map.of("name", "here", "namespace", "team-a"),
                Map.of("name", "theirs", "namespace", "team-b"),
                Map.of("name", "Bad_Name"))));
    List<RelatedSync.Named> names = RelatedSync.names(d, t, t);
    assertThat(names)
        .extracting(RelatedSync.Named::name)
        .containsExactly("ok", "here", "theirs", "Bad_Name");
    assertThat(names.get(0).problem()).isNull();
    assertThat(names.get(1).problem()).isNull();
    assertThat(names.get(2).problem())
        .contains("refers to Secret team-b/theirs")
        .contains("only objects of the instance's own namespace (team-a) travel");
    assertThat(names.get(3).problem())
        .contains("yields 'Bad_Name', which is not a valid Secret name");
  }
}
