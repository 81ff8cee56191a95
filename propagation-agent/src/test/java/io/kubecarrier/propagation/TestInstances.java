package io.kubecarrier.propagation;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.kubecarrier.propagation.kinds.OfferedKind;
import io.kubecarrier.propagation.kinds.ResourceType;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Shared fixtures of the agent's unit tests: one offered kind, tenant instances, clocks. */
public final class TestInstances {

  private TestInstances() {}

  public static final Clock T0 = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  public static final Clock T1 = Clock.fixed(Instant.parse("2026-01-01T00:01:00Z"), ZoneOffset.UTC);

  public static final OfferedKind KIND =
      new OfferedKind(
          "acme",
          "redis",
          new ResourceType("acme.hub.test", "v1", "Redis", "redis"),
          new ResourceType("cache.example.com", "v1", "Redis", "redis"),
          List.of(".spec.version", ".status.phase"),
          List.of("eu-west-1"));

  /** A tenant instance {@code team-a/cache} of {@link #KIND} at generation 3. */
  public static GenericKubernetesResource tenant(Map<String, Object> spec) {
    GenericKubernetesResource t = new GenericKubernetesResource();
    t.setApiVersion("acme.hub.test/v1");
    t.setKind("Redis");
    t.setMetadata(new ObjectMeta());
    t.getMetadata().setName("cache");
    t.getMetadata().setNamespace("team-a");
    t.getMetadata().setGeneration(3L);
    t.setAdditionalProperty("spec", spec);
    return t;
  }

  public static GenericKubernetesResource withUid(GenericKubernetesResource t, String uid) {
    t.getMetadata().setUid(uid);
    return t;
  }

  public static ObjectMeta meta(String namespace, String name) {
    ObjectMeta m = new ObjectMeta();
    m.setNamespace(namespace);
    m.setName(name);
    return m;
  }
}
