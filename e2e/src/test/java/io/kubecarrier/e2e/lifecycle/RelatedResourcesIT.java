package io.kubecarrier.e2e.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.e2e.Walkthrough;
import io.kubecarrier.e2e.lifecycle.World.Provider;
import io.kubecarrier.e2e.lifecycle.World.Tenant;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Related resources with real operators' published CRDs and samples (issue 15), the four operators
 * running as their ServiceAccounts: what the service operator reads travels down from the tenant's
 * namespace, what it writes comes back up, rotation on either side is followed, and deleting the
 * instance removes every copy on both sides. The test acts as each operator in the service cluster,
 * exactly as its documentation describes (no operator binary runs).
 */
class RelatedResourcesIT {

  static final String EU = "eu-west-1";
  static final String SET = "db";

  /**
   * MongoDB Community: the sample's user password Secret ({@code
   * spec.users[*].passwordSecretRef.name}) goes down; the connection-string Secret the operator
   * writes ({@code <name>-<db>-<user>}) comes up.
   */
  @Test
  void mongoDbGetsItsUserPasswordAndReturnsItsConnectionString() {
    World w = new World("related-mongo");
    ServiceCrd crd =
        ServiceCrd.real(
            w, "mongodb-community/mongodbcommunity.crd.yaml", w.name("mdb") + ".example.com");
    crd.install(EU);
    Provider p = w.provider("acme").registerClusters(EU);
    p.offer(
        SET,
        crd.name(),
        Map.of("kubecarrier.io/tier", "standard"),
        """
          relatedResources:
          - name: user-passwords
            direction: Down
            kind: Secret
            fromPath: .spec.users[*].passwordSecretRef.name
          - name: connection-strings
            direction: Up
            kind: Secret
            nameTemplate: "{{.metadata.name}}-{{.spec.users[*].db}}-{{.spec.users[*].name}}"
        """);
    Tenant t = w.tenant("t");
    Tenant other = w.tenant("other");
    p.catalog("default", Map.of());
    Instances db = new Instances(w, crd, p, t, "v1");
    Map<String, Object> sample = sample("mongodb-community/example-mongodbcommunity.yaml", 0);
    String connection = "example-mongodb-admin-my-user";

    w.step(
        "t writes the sample's password Secret and the sample instance: the Secret reaches the"
            + " service namespace before the instance",
        () -> {
          t.awaitMayCreate(p.group(), crd.plural);
          try (KubernetesClient c = t.client()) {
            c.secrets()
                .inNamespace(t.name)
                .resource(secret(t.name, "my-user-password", Map.of("password", "s3cret")))
                .create();
          }
          db.create("example-mongodb", EU, spec(sample), Map.of());
          db.awaitCondition("example-mongodb", "Synced", "True");
          Secret down = db.awaitServiceSecret("my-user-password", s -> true);
          assertThat(decode(down, "password")).isEqualTo("s3cret");
          assertThat(down.getMetadata().getLabels())
              .containsEntry("kubecarrier.io/managed-by", "propagation-agent")
              .containsEntry("kubecarrier.io/related", "down");
          db.uid("example-mongodb");
        });

    w.step(
        "the operator writes the connection-string Secret: it comes up under its name, readable"
            + " by t and by no other tenant",
        () -> {
          db.writeServiceSecret(
              connection,
              Map.of(
                  "username", "my-user",
                  "password", "s3cret",
                  "connectionString.standard", "mongodb://my-user:s3cret@example-mongodb-0/admin"));
          Secret up = db.awaitTenantSecret(connection, s -> true);
          assertThat(decode(up, "connectionString.standard")).contains("example-mongodb-0");
          try (KubernetesClient c = t.client()) {
            assertThat(c.secrets().inNamespace(t.name).withName(connection).get()).isNotNull();
          }
          try (KubernetesClient c = other.client()) {
            assertThatThrownBy(() -> c.secrets().inNamespace(t.name).withName(connection).get())
                .isInstanceOf(KubernetesClientException.class)
                .extracting(e -> ((KubernetesClientException) e).getCode())
                .isEqualTo(403);
          }
          db.awaitCondition("example-mongodb", "RelatedResourcesSynced", "True");
          assertThat(db.related("example-mongodb"))
              .extracting(l -> l.get("resource") + "/" + l.get("name") + "/" + l.get("state"))
              .containsExactlyInAnyOrder(
                  "user-passwords/my-user-password/Synced",
                  "connection-strings/" + connection + "/Synced");
          db.assertSameServiceObjects();
        });

    w.step(
        "rotation on both sides: t changes the password, the operator the connection string",
        () -> {
          try (KubernetesClient c = t.client()) {
            c.secrets()
                .inNamespace(t.name)
                .resource(secret(t.name, "my-user-password", Map.of("password", "rotated")))
                .update();
          }
          db.awaitServiceSecret("my-user-password", s -> "rotated".equals(decode(s, "password")));
          db.writeServiceSecret(
              connection,
              Map.of(
                  "username", "my-user",
                  "password", "rotated",
                  "connectionString.standard",
                      "mongodb://my-user:rotated@example-mongodb-0/admin"));
          db.awaitTenantSecret(connection, s -> "rotated".equals(decode(s, "password")));
          db.assertSameServiceObjects();
        });

    w.step(
        "bad input: a missing Secret, a name that is not valid, a tenant's own Secret in the way:"
            + " each a condition, nothing overwritten",
        () -> {
          try (KubernetesClient c = t.client()) {
            c.secrets()
                .inNamespace(t.name)
                .resource(secret(t.name, "mine-admin-my-user", Map.of("own", "data")))
                .create();
          }
          Map<String, Object> missing = spec(sample);
          users(missing).put("passwordSecretRef", Map.of("name", "not-there"));
          db.create("missing", EU, missing, Map.of());
          db.awaitConditionMessage(
              "missing",
              "RelatedResourcesSynced",
              "RelatedResourcePending",
              "Secret "
                  + t.name
                  + "/not-there (named by .spec.users[0].passwordSecretRef.name)"
                  + " does not exist");
          Map<String, Object> invalid = spec(sample);
          users(invalid).put("passwordSecretRef", Map.of("name", "Not_A_Name"));
          db.create("invalid", EU, invalid, Map.of());
          db.awaitConditionMessage(
              "invalid",
              "RelatedResourcesSynced",
              "RelatedResourceFailed",
              "yields 'Not_A_Name', which is not a valid Secret name");
          db.create("mine", EU, spec(sample), Map.of());
          db.writeServiceSecret("mine-admin-my-user", Map.of("password", "theirs"));
          db.awaitConditionMessage(
              "mine",
              "RelatedResourcesSynced",
              "RelatedResourceFailed",
              "Secret " + t.name + "/mine-admin-my-user exists and is not this instance's copy");
          assertThat(decode(db.tenantSecret("mine-admin-my-user"), "own")).isEqualTo("data");
        });

    w.step(
        "the instances are deleted: every copy goes on both sides; t's own Secrets stay",
        () -> {
          for (String name : List.of("example-mongodb", "missing", "invalid", "mine")) {
            db.delete(name);
          }
          for (String name : List.of("example-mongodb", "missing", "invalid", "mine")) {
            w.awaitGone(w.admin, p.group() + "/v1", crd.kind, t.name, name);
          }
          db.awaitTenantSecretGone(connection);
          db.awaitServiceSecretGone("my-user-password");
          assertThat(db.tenantSecret("my-user-password")).as("t's own Secret").isNotNull();
          assertThat(db.tenantSecret("mine-admin-my-user")).as("t's own Secret").isNotNull();
        });
  }

  /**
   * RabbitMQ: the default-user Secret the operator names in {@code status.binding.name} comes up
   * under a name the provider declares, with only the keys it selects; the tenant's labels reach
   * the service object as far as the allow-list lets them.
   */
  @Test
  void rabbitMqReturnsItsDefaultUserAndGetsTheAllowedLabels() {
    World w = new World("related-rmq");
    ServiceCrd crd =
        ServiceCrd.real(w, "rabbitmq/rabbitmqclusters.crd.yaml", w.name("rmq") + ".example.com");
    crd.install(EU);
    Provider p = w.provider("acme").registerClusters(EU);
    p.offer(
        SET,
        crd.name(),
        Map.of("kubecarrier.io/tier", "standard"),
        """
          relatedResources:
          - name: default-user
            direction: Up
            kind: Secret
            fromPath: .status.binding.name
            targetName: "{{.metadata.name}}-rabbitmq"
            keys:
            - {key: username}
            - {key: password}
            - {key: host, as: hostname}
          propagateMetadata:
            labels: ["team", "app.kubernetes.io/*"]
        """);
    Tenant t = w.tenant("t");
    p.catalog("default", Map.of());
    Instances mq = new Instances(w, crd, p, t, "v1beta1");
    Map<String, Object> sample = sample("rabbitmq/hello-world.yaml", 0);
    String copy = "hello-world-rabbitmq";

    w.step(
        "t creates the sample with labels: only the allowed ones reach the service object",
        () -> {
          t.awaitMayCreate(p.group(), crd.plural);
          mq.create(
              "hello-world",
              EU,
              spec(sample),
              Map.of("team", "blue", "app.kubernetes.io/part-of", "shop", "cost-center", "42"));
          mq.awaitCondition("hello-world", "Synced", "True");
          assertThat(mq.serviceObject("hello-world").getMetadata().getLabels())
              .containsEntry("team", "blue")
              .containsEntry("app.kubernetes.io/part-of", "shop")
              .doesNotContainKey("cost-center")
              .containsEntry("kubecarrier.io/owner-name", "hello-world");
          mq.uid("hello-world");
        });

    w.step(
        "the operator writes hello-world-default-user and status.binding: the selected keys come"
            + " up as hello-world-rabbitmq",
        () -> {
          mq.writeServiceSecret(
              "hello-world-default-user",
              Map.of(
                  "username", "default_user_x",
                  "password", "pw1",
                  "host", "hello-world." + mq.serviceNamespace() + ".svc",
                  "port", "5672"));
          mq.writeServiceStatus(
              "hello-world",
              Map.of(
                  "conditions",
                  List.of(Map.of("type", "AllReplicasReady", "status", "True")),
                  "binding",
                  Map.of("name", "hello-world-default-user")));
          Secret up = mq.awaitTenantSecret(copy, s -> true);
          assertThat(up.getData()).containsOnlyKeys("username", "password", "hostname");
          assertThat(decode(up, "hostname")).startsWith("hello-world.");
          mq.awaitCondition("hello-world", "RelatedResourcesSynced", "True");
        });

    w.step(
        "t relabels the instance, the operator rotates the password: both followed",
        () -> {
          mq.label("hello-world", "team", "green");
          await("team=green on the service object")
              .atMost(World.TIMEOUT)
              .until(
                  () ->
                      "green"
                          .equals(
                              mq.serviceObject("hello-world")
                                  .getMetadata()
                                  .getLabels()
                                  .get("team")));
          mq.writeServiceSecret(
              "hello-world-default-user",
              Map.of("username", "default_user_x", "password", "pw2", "host", "h", "port", "1"));
          mq.awaitTenantSecret(copy, s -> "pw2".equals(decode(s, "password")));
          mq.assertSameServiceObjects();
        });

    w.step(
        "t deletes the instance: the copy goes with it",
        () -> {
          mq.delete("hello-world");
          w.awaitGone(w.admin, p.group() + "/v1beta1", crd.kind, t.name, "hello-world");
          mq.awaitTenantSecretGone(copy);
        });
  }

  // ---- helpers

  /** The instances of one kind of a tenant, and the service side as the operator sees it. */
  static final class Instances {
    final World w;
    final ServiceCrd crd;
    final Provider p;
    final Tenant t;
    final String version;
    final Map<String, String> uids = new java.util.HashMap<>();

    Instances(World w, ServiceCrd crd, Provider p, Tenant t, String version) {
      this.w = w;
      this.crd = crd;
      this.p = p;
      this.t = t;
      this.version = version;
    }

    void create(String name, String region, Map<String, Object> spec, Map<String, String> labels) {
      try (KubernetesClient c = t.client()) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion(p.group() + "/" + version);
        r.setKind(crd.kind);
        r.setMetadata(
            new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
                .withName(name)
                .withNamespace(t.name)
                .addToLabels(labels)
                .addToLabels("kubecarrier.io/region", region)
                .build());
        r.setAdditionalProperty("spec", spec);
        c.genericKubernetesResources(crd.tenantKind(p, version))
            .inNamespace(t.name)
            .resource(r)
            .create();
      }
    }

    GenericKubernetesResource get(String name) {
      return w.admin
          .genericKubernetesResources(crd.tenantKind(p, version))
          .inNamespace(t.name)
          .withName(name)
          .get();
    }

    void label(String name, String key, String value) {
      try (KubernetesClient c = t.client()) {
        World.mergePatch(
            c.genericKubernetesResources(crd.tenantKind(p, version))
                .inNamespace(t.name)
                .withName(name),
            Map.of("metadata", Map.of("labels", Map.of(key, value))));
      }
    }

    void delete(String name) {
      try (KubernetesClient c = t.client()) {
        c.genericKubernetesResources(crd.tenantKind(p, version))
            .inNamespace(t.name)
            .withName(name)
            .delete();
      }
    }

    String serviceNamespace() {
      return Names.serviceNamespaceName(p.name, t.name);
    }

    KubernetesClient service() {
      return w.cluster(EU).adminClient();
    }

    GenericKubernetesResource serviceObject(String name) {
      return service()
          .genericKubernetesResources(crd.serviceKind(version))
          .inNamespace(serviceNamespace())
          .withName(name)
          .get();
    }

    void uid(String name) {
      uids.put(name, serviceObject(name).getMetadata().getUid());
    }

    void assertSameServiceObjects() {
      uids.forEach(
          (name, uid) ->
              assertThat(serviceObject(name).getMetadata().getUid())
                  .as(name + "'s service object keeps its uid")
                  .isEqualTo(uid));
    }

    /** Writes status into the service object, as the service operator would. */
    void writeServiceStatus(String name, Map<String, Object> status) {
      service()
          .genericKubernetesResources(crd.serviceKind(version))
          .inNamespace(serviceNamespace())
          .withName(name)
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(Map.of("status", status)));
    }

    /** Writes (or rewrites) a Secret in the service namespace, as the service operator would. */
    void writeServiceSecret(String name, Map<String, String> data) {
      service()
          .secrets()
          .inNamespace(serviceNamespace())
          .resource(secret(serviceNamespace(), name, data))
          .fieldManager("service-operator")
          .forceConflicts()
          .serverSideApply();
    }

    Secret tenantSecret(String name) {
      return w.admin.secrets().inNamespace(t.name).withName(name).get();
    }

    Secret awaitTenantSecret(String name, java.util.function.Predicate<Secret> check) {
      return await("Secret " + t.name + "/" + name)
          .atMost(World.TIMEOUT)
          .until(() -> tenantSecret(name), s -> s != null && check.test(s));
    }

    void awaitTenantSecretGone(String name) {
      await("Secret " + t.name + "/" + name + " gone")
          .atMost(World.TIMEOUT)
          .until(() -> tenantSecret(name) == null);
    }

    Secret serviceSecret(String name) {
      return service().secrets().inNamespace(serviceNamespace()).withName(name).get();
    }

    Secret awaitServiceSecret(String name, java.util.function.Predicate<Secret> check) {
      return await("Secret " + name + " in the service namespace")
          .atMost(World.TIMEOUT)
          .until(() -> serviceSecret(name), s -> s != null && check.test(s));
    }

    void awaitServiceSecretGone(String name) {
      await("Secret " + name + " gone from the service namespace")
          .atMost(World.TIMEOUT)
          .until(() -> serviceSecret(name) == null);
    }

    void awaitCondition(String name, String type, String status) {
      await(name + " " + type + "=" + status)
          .atMost(World.TIMEOUT)
          .until(() -> Objects.equals(status, Tenant.condition(get(name), type).get("status")));
    }

    void awaitConditionMessage(String name, String type, String reason, String message) {
      await(name + " " + type + " " + reason + ": " + message)
          .atMost(World.TIMEOUT)
          .until(
              () -> {
                Map<String, Object> c = Tenant.condition(get(name), type);
                return "False".equals(c.get("status"))
                    && reason.equals(c.get("reason"))
                    && String.valueOf(c.get("message")).contains(message);
              });
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> related(String name) {
      Object block = Walkthrough.status(get(name), "kubecarrier");
      Object r = block instanceof Map<?, ?> m ? m.get("related") : null;
      return r instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }
  }

  static Secret secret(String ns, String name, Map<String, String> data) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withStringData(data)
        .build();
  }

  static String decode(Secret s, String key) {
    String v = s.getData() == null ? null : s.getData().get(key);
    return v == null ? null : new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
  }

  /** The {@code index}-th document of a sample file in real-operators/. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> sample(String resource, int index) {
    try (InputStream in =
        RelatedResourcesIT.class.getResourceAsStream("/real-operators/" + resource)) {
      String yaml =
          new String(Objects.requireNonNull(in, resource).readAllBytes(), StandardCharsets.UTF_8);
      List<Object> docs = new java.util.ArrayList<>();
      for (String doc : yaml.split("(?m)^---\\s*$")) {
        if (!doc.isBlank() && doc.contains("kind:")) {
          docs.add(Serialization.unmarshal(doc, Map.class));
        }
      }
      return (Map<String, Object>) docs.get(index);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A deep copy of a sample's spec (empty when it has none). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(Map<String, Object> sample) {
    Object spec = sample.get("spec");
    return spec == null
        ? new java.util.LinkedHashMap<>()
        : Serialization.unmarshal(Serialization.asJson(spec), Map.class);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> users(Map<String, Object> spec) {
    return ((List<Map<String, Object>>) spec.get("users")).get(0);
  }
}
