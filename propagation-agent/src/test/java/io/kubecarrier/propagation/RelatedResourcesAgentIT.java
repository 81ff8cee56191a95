package io.kubecarrier.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.LabelSelector;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.RelatedDirection;
import io.kubecarrier.api.common.RelatedKind;
import io.kubecarrier.api.common.RelatedResource;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

/**
 * Related Secrets and ConfigMaps, the agent in-process as its ServiceAccount against the real
 * management cluster and a real service cluster running the sample Redis operator: down by path and
 * by template, up by path (the operator's connection Secret) and by label selector, a change of
 * reference, rotation, a collision, and deletion of every copy on both sides.
 */
@QuarkusTest
@TestProfile(AgentClusterProfile.class)
class RelatedResourcesAgentIT {

  static final String EU = KubeClusters.EU_WEST_1;

  static ConditionFactory eventually(String what) {
    return await(what).atMost(TestHub.TIMEOUT).pollInterval(Duration.ofMillis(200));
  }

  static RelatedResource decl(
      String name,
      RelatedDirection d,
      RelatedKind k,
      java.util.function.Consumer<RelatedResource> c) {
    RelatedResource r = new RelatedResource();
    r.setName(name);
    r.setDirection(d);
    r.setKind(k);
    c.accept(r);
    return r;
  }

  @Test
  void relatedObjectsTravelBothWaysFollowChangesAndGoWithTheInstance() {
    TestHub hub =
        TestHub.create("rel", List.of(EU), Map.of())
            .offer(
                List.of(".spec.version", ".status.phase", ".status.connectionSecretRef"),
                spec ->
                    spec.setRelatedResources(
                        List.of(
                            decl(
                                "auth",
                                RelatedDirection.Down,
                                RelatedKind.Secret,
                                r -> r.setFromPath(".spec.authSecretRef.name")),
                            decl(
                                "config",
                                RelatedDirection.Down,
                                RelatedKind.ConfigMap,
                                r -> r.setNameTemplate("{{.metadata.name}}-config")),
                            decl(
                                "credentials",
                                RelatedDirection.Up,
                                RelatedKind.Secret,
                                r -> {
                                  r.setFromPath(".status.connectionSecretRef.name");
                                  r.setTargetName("{{.source.name}}-copy");
                                  r.setKeys(
                                      List.of(
                                          new io.kubecarrier.api.common.KeySelection(
                                              "password", "redis-password")));
                                }),
                            decl(
                                "extras",
                                RelatedDirection.Up,
                                RelatedKind.Secret,
                                r ->
                                    r.setSelector(
                                        LabelSelector.matching(
                                            Map.of("app", "{{.metadata.name}}")))))));
    KubernetesClient mgmt = hub.mgmt;
    KubernetesClient svc = hub.service(EU);
    String ns = hub.tenantNs;
    mgmt.secrets()
        .inNamespace(ns)
        .resource(secret(ns, "auth", "password", "one", Map.of()))
        .create();
    mgmt.configMaps()
        .inNamespace(ns)
        .resource(configMap(ns, "cache-config", "maxmemory", "1gb"))
        .create();

    hub.createInstance(
        "cache", EU, Map.of("version", "7.2", "authSecretRef", Map.of("name", "auth")));
    eventually("cache synced")
        .until(() -> hub.conditionIs("cache", ConditionTypes.SYNCED, "True", Reasons.SYNCED));

    // down: same names in the service namespace, shared labels
    Secret auth = eventuallyGet("auth down", () -> svcSecret(hub, "auth"));
    assertThat(decode(auth, "password")).isEqualTo("one");
    assertThat(auth.getMetadata().getLabels())
        .containsEntry(Labels.RELATED, Labels.RELATED_DOWN)
        .containsEntry(Labels.OWNER_NAMESPACE, ns);
    ConfigMap config =
        eventuallyGet(
            "config down",
            () -> svc.configMaps().inNamespace(hub.serviceNs()).withName("cache-config").get());
    assertThat(config.getData()).containsEntry("maxmemory", "1gb");

    // up: the operator's connection Secret, only the selected key under its new name
    String credentials = "cache" + SampleRedisOperator.SECRET_SUFFIX + "-copy";
    Secret up = eventuallyGet("credentials up", () -> tenantSecret(hub, credentials));
    assertThat(up.getData()).containsOnlyKeys("redis-password");
    assertThat(up.getMetadata().getLabels())
        .containsEntry(Labels.OWNER_NAME, "cache")
        .containsEntry(Labels.RELATED, "credentials");

    // up by selector: a Secret the operator labels for the instance
    svc.secrets()
        .inNamespace(hub.serviceNs())
        .resource(secret(hub.serviceNs(), "cache-extra", "token", "t1", Map.of("app", "cache")))
        .create();
    eventuallyGet("selected Secret up", () -> tenantSecret(hub, "cache-extra"));
    eventually("RelatedResourcesSynced")
        .until(
            () ->
                hub.conditionIs(
                    "cache", ConditionTypes.RELATED_RESOURCES_SYNCED, "True", Reasons.SYNCED));
    assertThat(related(hub, "cache"))
        .extracting(l -> l.get("resource") + ":" + l.get("name") + ":" + l.get("state"))
        .containsExactlyInAnyOrder(
            "auth:auth:Synced",
            "config:cache-config:Synced",
            "credentials:" + credentials + ":Synced",
            "extras:cache-extra:Synced");
    String uid = hub.serviceObject(EU, "cache").getMetadata().getUid();

    // rotation on both sides, and a copy edited by hand is put back
    mgmt.secrets()
        .inNamespace(ns)
        .resource(secret(ns, "auth", "password", "two", Map.of()))
        .update();
    eventually("rotation down")
        .until(() -> "two".equals(decode(svcSecret(hub, "auth"), "password")));
    svc.secrets()
        .inNamespace(hub.serviceNs())
        .resource(secret(hub.serviceNs(), "cache-extra", "token", "t2", Map.of("app", "cache")))
        .update();
    eventually("rotation up")
        .until(() -> "t2".equals(decode(tenantSecret(hub, "cache-extra"), "token")));
    mgmt.secrets()
        .inNamespace(ns)
        .resource(secret(ns, "cache-extra", "token", "tampered", Map.of()))
        .fieldManager("someone")
        .forceConflicts()
        .serverSideApply();
    eventually("copy put back")
        .until(() -> "t2".equals(decode(tenantSecret(hub, "cache-extra"), "token")));

    // another reference: the new Secret goes down, the old copy (named by nobody) goes
    mgmt.secrets()
        .inNamespace(ns)
        .resource(secret(ns, "auth2", "password", "three", Map.of()))
        .create();
    hub.editTenantSpec("cache", "authSecretRef", Map.of("name", "auth2"));
    eventuallyGet("auth2 down", () -> svcSecret(hub, "auth2"));
    eventually("old down copy removed").until(() -> svcSecret(hub, "auth") == null);

    // a collision with the tenant's own Secret: a condition, the Secret untouched
    mgmt.secrets()
        .inNamespace(ns)
        .resource(secret(ns, "other-extra", "own", "data", Map.of()))
        .create();
    hub.createInstance("other", EU, Map.of("version", "7.2"));
    svc.secrets()
        .inNamespace(hub.serviceNs())
        .resource(secret(hub.serviceNs(), "other-extra", "token", "x", Map.of("app", "other")))
        .create();
    eventually("collision reported")
        .until(
            () ->
                hub.conditionIs(
                        "other",
                        ConditionTypes.RELATED_RESOURCES_SYNCED,
                        "False",
                        Reasons.RELATED_RESOURCE_FAILED)
                    && String.valueOf(
                            hub.condition("other", ConditionTypes.RELATED_RESOURCES_SYNCED)
                                .get("message"))
                        .contains(
                            "Secret " + ns + "/other-extra exists and is not this instance's"));
    assertThat(decode(tenantSecret(hub, "other-extra"), "own")).isEqualTo("data");
    // other names no Secret down, but cache-config's template names other-config: pending
    assertThat(
            String.valueOf(
                hub.condition("other", ConditionTypes.RELATED_RESOURCES_SYNCED).get("message")))
        .isNotBlank();
    assertThat(hub.serviceObject(EU, "cache").getMetadata().getUid()).isEqualTo(uid);

    // deletion: every copy on both sides goes; the tenant's own objects stay
    hub.deleteTenant("cache");
    hub.deleteTenant("other");
    eventually("instances gone")
        .until(() -> hub.tenant("cache") == null && hub.tenant("other") == null);
    eventually("up copies gone")
        .until(
            () ->
                tenantSecret(hub, credentials) == null && tenantSecret(hub, "cache-extra") == null);
    eventually("down copies gone")
        .until(
            () ->
                svcSecret(hub, "auth2") == null
                    && svc.configMaps().inNamespace(hub.serviceNs()).withName("cache-config").get()
                        == null);
    assertThat(tenantSecret(hub, "auth")).isNotNull();
    assertThat(tenantSecret(hub, "auth2")).isNotNull();
    assertThat(tenantSecret(hub, "other-extra")).isNotNull();
    assertThat(mgmt.configMaps().inNamespace(ns).withName("cache-config").get()).isNotNull();
  }

  static <T> T eventuallyGet(String what, Supplier<T> get) {
    return eventually(what).until(get::get, x -> x != null);
  }

  static Secret svcSecret(TestHub hub, String name) {
    return hub.service(EU).secrets().inNamespace(hub.serviceNs()).withName(name).get();
  }

  static Secret tenantSecret(TestHub hub, String name) {
    return hub.mgmt.secrets().inNamespace(hub.tenantNs).withName(name).get();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> related(TestHub hub, String name) {
    Object r = hub.block(name).get("related");
    return r instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }

  static Secret secret(
      String ns, String name, String key, String value, Map<String, String> labels) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withLabels(labels)
        .endMetadata()
        .withStringData(Map.of(key, value))
        .build();
  }

  static ConfigMap configMap(String ns, String name, String key, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .endMetadata()
        .withData(Map.of(key, value))
        .build();
  }

  static String decode(Secret s, String key) {
    String v = s == null || s.getData() == null ? null : s.getData().get(key);
    return v == null ? null : new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8);
  }
}
