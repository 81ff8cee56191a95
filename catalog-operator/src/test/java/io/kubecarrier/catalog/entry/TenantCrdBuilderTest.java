package io.kubecarrier.catalog.entry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentry.CatalogEntrySpec;
import io.kubecarrier.api.common.DeriveConfig;
import io.kubecarrier.api.common.FieldPath;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.TenantCrdOverride;
import io.kubecarrier.api.common.VersionExposeConfig;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrd;
import io.kubecarrier.api.customresourcediscovery.DiscoveredCrdVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class TenantCrdBuilderTest {

  static DiscoveredCrd redis(String... versions) throws Exception {
    DiscoveredCrd c = new DiscoveredCrd();
    c.setGroup("cache.example.com");
    c.setKind("Redis");
    c.setPlural("redis");
    c.setSingular("redis");
    c.setScope("Namespaced");
    c.setStorageVersion(versions[0]);
    List<DiscoveredCrdVersion> vs = new java.util.ArrayList<>();
    for (String name : versions) {
      DiscoveredCrdVersion v = new DiscoveredCrdVersion();
      v.setName(name);
      v.setServed(true);
      v.setSchema(
          new ObjectMapper()
              .readTree(
                  "{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\",\"properties\":{"
                      + "\"version\":{\"type\":\"string\"}}}}}"));
      vs.add(v);
    }
    c.setVersions(vs);
    return c;
  }

  static CatalogEntry entry(String ns, TenantCrdOverride o, DeriveConfig derive) {
    CatalogEntry e = new CatalogEntry();
    e.setMetadata(new ObjectMetaBuilder().withName("redis").withNamespace(ns).build());
    CatalogEntrySpec spec = new CatalogEntrySpec();
    spec.setCatalogEntrySet(ObjectReference.of("redis"));
    spec.setTenantCrd(o);
    spec.setDerive(derive);
    e.setSpec(spec);
    return e;
  }

  @Test
  void defaultGroupIsProviderDotHubDomain() throws Exception {
    var t =
        TenantCrdBuilder.build(entry("example-corp", null, null), redis("v1"), "hub.example.net");
    assertThat(t.crd().getMetadata().getName()).isEqualTo("redis.example-corp.hub.example.net");
    assertThat(t.tenant().getGroup()).isEqualTo("example-corp.hub.example.net");
    assertThat(t.tenant().getKind()).isEqualTo("Redis");
    assertThat(t.service().getName()).isEqualTo("redis.cache.example.com");
    assertThat(t.crd().getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
    assertThat(t.exposedPaths()).isEmpty();
  }

  @Test
  void overridesAndExposedVersions() throws Exception {
    var derive =
        new DeriveConfig(
            List.of(
                new VersionExposeConfig(List.of("v2"), List.of(new FieldPath(".spec.version")))));
    var t =
        TenantCrdBuilder.build(
            entry(
                "p",
                new TenantCrdOverride(
                    "redis.corp.hub.example.net", "ManagedRedis", "managedredises"),
                derive),
            redis("v1", "v2"),
            "hub.example.net");
    assertThat(t.crd().getMetadata().getName())
        .isEqualTo("managedredises.redis.corp.hub.example.net");
    assertThat(t.crd().getSpec().getNames().getSingular()).isEqualTo("managedredis");
    assertThat(t.tenant().getVersions()).containsExactly("v2");
    assertThat(t.tenant().getStorageVersion()).isEqualTo("v2");
    assertThat(t.exposedPaths()).containsExactly(".spec.version");
  }

  @Test
  void reservedAndInvalidGroupsAreRefused() throws Exception {
    assertThatThrownBy(
            () ->
                TenantCrdBuilder.build(entry("catalog", null, null), redis("v1"), "kubecarrier.io"))
        .isInstanceOfSatisfying(
            InvalidEntryException.class, e -> assertThat(e.reason()).isEqualTo(Reasons.COLLISION));
    assertThatThrownBy(
            () ->
                TenantCrdBuilder.build(
                    entry("p", new TenantCrdOverride("apps.k8s.io", null, null), null),
                    redis("v1"),
                    "h.io"))
        .isInstanceOfSatisfying(
            InvalidEntryException.class, e -> assertThat(e.reason()).isEqualTo(Reasons.COLLISION));
    assertThatThrownBy(
            () -> TenantCrdBuilder.build(entry("p", null, null), redis("v1"), "Not_A_Domain"))
        .isInstanceOfSatisfying(
            InvalidEntryException.class,
            e -> assertThat(e.reason()).isEqualTo(Reasons.INVALID_NAME));
    assertThatThrownBy(
            () ->
                TenantCrdBuilder.build(
                    entry("p", new TenantCrdOverride("redis.corp.example", null, null), null),
                    redis("v1"),
                    "hub.example.net"))
        .isInstanceOfSatisfying(
            InvalidEntryException.class,
            e ->
                assertThat(e)
                    .hasMessageContaining("outside the hub's tenant API domain hub.example.net"));
  }

  @Test
  void unknownExposedVersionIsRefused() throws Exception {
    var derive = new DeriveConfig(List.of(new VersionExposeConfig(List.of("v9"), null)));
    assertThatThrownBy(() -> TenantCrdBuilder.build(entry("p", null, derive), redis("v1"), "h.io"))
        .isInstanceOfSatisfying(
            InvalidEntryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reasons.INVALID_EXPOSE);
              assertThat(e.getMessage()).contains("v9");
            });
  }

  @Test
  void clusterScopedServiceCrdsAreRefused() throws Exception {
    DiscoveredCrd c = redis("v1");
    c.setScope("Cluster");
    assertThatThrownBy(() -> TenantCrdBuilder.build(entry("p", null, null), c, "h.io"))
        .isInstanceOfSatisfying(
            InvalidEntryException.class,
            e -> assertThat(e.reason()).isEqualTo(Reasons.INVALID_SPEC));
  }

  @Test
  void relatedKeysWritingTheSameKeyTwiceAreRejected() throws Exception {
    CatalogEntry e = entry("p", null, null);
    io.kubecarrier.api.common.RelatedResource r = new io.kubecarrier.api.common.RelatedResource();
    r.setName("creds");
    r.setDirection(io.kubecarrier.api.common.RelatedDirection.Up);
    r.setKind(io.kubecarrier.api.common.RelatedKind.Secret);
    r.setNameTemplate("{{.metadata.name}}-creds");
    r.setKeys(
        List.of(
            new io.kubecarrier.api.common.KeySelection("password", null),
            new io.kubecarrier.api.common.KeySelection("pass", "password")));
    e.getSpec().setRelatedResources(List.of(r));
    assertThatThrownBy(() -> TenantCrdBuilder.build(e, redis("v1"), "h.io"))
        .isInstanceOf(InvalidEntryException.class)
        .hasMessageContaining("relatedResources[creds].keys: two entries write key password");
    r.setKeys(List.of(new io.kubecarrier.api.common.KeySelection("pass", "password")));
    assertThat(TenantCrdBuilder.build(e, redis("v1"), "h.io").crd()).isNotNull();
  }
}
