package io.kubecarrier.api.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

  private static final String L63 = "a".repeat(63);

  @Test
  void dnsLabel() {
    assertThat(Names.isDnsLabel("a")).isTrue();
    assertThat(Names.isDnsLabel("team-a")).isTrue();
    assertThat(Names.isDnsLabel("0abc9")).isTrue();
    assertThat(Names.isDnsLabel(L63)).isTrue();
    assertThat(Names.isDnsLabel(L63 + "a")).isFalse();
    assertThat(Names.isDnsLabel("")).isFalse();
    assertThat(Names.isDnsLabel(null)).isFalse();
    assertThat(Names.isDnsLabel("-a")).isFalse();
    assertThat(Names.isDnsLabel("a-")).isFalse();
    assertThat(Names.isDnsLabel("A")).isFalse();
    assertThat(Names.isDnsLabel("a.b")).isFalse();
    assertThat(Names.isDnsLabel("a_b")).isFalse();
  }

  @Test
  void dnsSubdomain() {
    assertThat(Names.isDnsSubdomain("a")).isTrue();
    assertThat(Names.isDnsSubdomain("redis.example.com")).isTrue();
    assertThat(Names.isDnsSubdomain("a.b-c.d")).isTrue();
    String max = (L63 + ".").repeat(3) + "a".repeat(61); // 253
    assertThat(max).hasSize(253);
    assertThat(Names.isDnsSubdomain(max)).isTrue();
    assertThat(Names.isDnsSubdomain(max + "a")).isFalse();
    assertThat(Names.isDnsSubdomain("a..b")).isFalse();
    assertThat(Names.isDnsSubdomain(".a")).isFalse();
    assertThat(Names.isDnsSubdomain("a.")).isFalse();
    assertThat(Names.isDnsSubdomain("a.-b")).isFalse();
    assertThat(Names.isDnsSubdomain("Redis.example.com")).isFalse();
    assertThat(Names.isDnsSubdomain(null)).isFalse();
  }

  @Test
  void labelValue() {
    assertThat(Names.isLabelValue("")).isTrue();
    assertThat(Names.isLabelValue("My_Value.1")).isTrue();
    assertThat(Names.isLabelValue("a".repeat(64))).isFalse();
    assertThat(Names.labelValue("team-a")).isEqualTo("team-a");
    assertThat(Names.labelValue("")).isEmpty();

    String longName = "x".repeat(100) + ".example.com";
    String v = Names.labelValue(longName);
    assertThat(v).hasSize(63).endsWith("-" + Names.hash(longName));
    assertThat(Names.isLabelValue(v)).isTrue();
    assertThat(Names.labelValue(longName)).isEqualTo(v);

    String odd = "ns/name:with:colons";
    assertThat(Names.isLabelValue(Names.labelValue(odd))).isTrue();
    assertThat(Names.labelValue(odd)).startsWith("ns-name-with-colons-");
    assertThat(Names.labelValue("//")).isEqualTo(Names.hash("//"));
  }

  @Test
  void regionName() {
    assertThat(Names.regionName("eu-west-1", "example-corp")).isEqualTo("eu-west-1.example-corp");
    assertThat(Names.regionName(L63, L63)).hasSize(127);
    assertThatThrownBy(() -> Names.regionName("eu.west", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("serviceCluster")
        .hasMessageContaining("eu.west");
    assertThatThrownBy(() -> Names.regionName("eu", "Provider")).hasMessageContaining("provider");
    assertThatThrownBy(() -> Names.regionName("eu", L63 + "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void assignmentName() {
    assertThat(Names.assignmentName("team-a", "eu-west-1")).isEqualTo("team-a.eu-west-1");
    assertThatThrownBy(() -> Names.assignmentName("team_a", "eu"))
        .hasMessageContaining("managementNamespace");
    assertThatThrownBy(() -> Names.assignmentName("team-a", null))
        .hasMessageContaining("serviceCluster");
  }

  @Test
  void discoveryName() {
    assertThat(Names.discoveryName("redis", "eu-west-1")).isEqualTo("redis.eu-west-1");
    assertThat(Names.discoveryName("redis.example.com", "eu")).isEqualTo("redis.example.com.eu");
    assertThatThrownBy(() -> Names.discoveryName("redis", "eu.west"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void discoveryNameIsShortenedToASubdomain() {
    String set = (L63 + ".").repeat(3) + "b".repeat(61); // 253, the longest set name
    String name = Names.discoveryName(set, L63);
    assertThat(name).hasSizeLessThanOrEqualTo(253);
    assertThat(Names.isDnsSubdomain(name)).isTrue();
    assertThat(name).endsWith("-" + Names.hash(set + "." + L63));
    assertThat(Names.discoveryName(set, L63)).isEqualTo(name);
    assertThat(Names.discoveryName(set, "other")).isNotEqualTo(name);
  }

  @Test
  void tenantCrdGroupAndCrdName() {
    assertThat(Names.tenantCrdGroup("example-corp", "hub.example.net"))
        .isEqualTo("example-corp.hub.example.net");
    assertThat(Names.crdName("redises", "example-corp.hub.example.net"))
        .isEqualTo("redises.example-corp.hub.example.net");
    assertThatThrownBy(() -> Names.tenantCrdGroup("example.corp", "hub.example.net"))
        .hasMessageContaining("provider");
    assertThatThrownBy(() -> Names.tenantCrdGroup("p", "Hub.example.net"))
        .hasMessageContaining("hubDomain");
    String longDomain = (L63 + ".").repeat(3) + "a".repeat(61);
    assertThatThrownBy(() -> Names.tenantCrdGroup("p", longDomain))
        .hasMessageContaining("tenant CRD group");
    assertThatThrownBy(() -> Names.crdName("redises", longDomain)).hasMessageContaining("CRD name");
    assertThatThrownBy(() -> Names.crdName("Redises", "example.com"))
        .hasMessageContaining("plural");
  }

  @Test
  void serviceNamespaceNameShortInput() {
    assertThat(Names.serviceNamespaceName("acme", "team-a")).isEqualTo("kc-acme-team-a");
    String fiftyFive = "n".repeat(55);
    assertThat(Names.serviceNamespaceName("acme", fiftyFive))
        .isEqualTo("kc-acme-" + fiftyFive)
        .hasSize(63);
  }

  @Test
  void serviceNamespaceNamesOfProvidersSharingAClusterDiffer() {
    assertThat(Names.serviceNamespaceName("acme", "team-a"))
        .isNotEqualTo(Names.serviceNamespaceName("beta", "team-a"));
  }

  @ParameterizedTest
  @ValueSource(ints = {56, 62, 63})
  void serviceNamespaceNameIsHashedWhenTooLong(int length) {
    String ns = "n".repeat(length);
    String name = Names.serviceNamespaceName("acme", ns);
    assertThat(name).hasSizeLessThanOrEqualTo(63).startsWith("kc-acme-nnn");
    assertThat(name).endsWith("-" + Names.hash("acme/" + ns));
    assertThat(Names.isDnsLabel(name)).isTrue();
    assertThat(Names.serviceNamespaceName("acme", ns)).as("deterministic").isEqualTo(name);
  }

  @Test
  void serviceNamespaceNameNeverEndsWithDashBeforeHash() {
    // the cut falls on a run of dashes: they are removed, not doubled before the hash
    String ns = "a".repeat(40) + "-".repeat(15) + "b".repeat(3);
    String name = Names.serviceNamespaceName("acme", ns);
    assertThat(name).isEqualTo("kc-acme-" + "a".repeat(40) + "-" + Names.hash("acme/" + ns));
    assertThat(name).doesNotContain("--").doesNotEndWith("-");
    assertThat(Names.isDnsLabel(name)).isTrue();
  }

  @Test
  void serviceNamespaceNamesOfDifferentLongInputsDiffer() {
    String a = "x".repeat(62) + "a";
    String b = "x".repeat(62) + "b";
    assertThat(Names.serviceNamespaceName("p", a)).isNotEqualTo(Names.serviceNamespaceName("p", b));
  }

  @Test
  void serviceNamespaceCandidatesAreDeterministicDistinctLabels() {
    String base = Names.serviceNamespaceCandidate("acme", "team-a", 0);
    assertThat(base).isEqualTo(Names.serviceNamespaceName("acme", "team-a"));
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int attempt = 0; attempt < 5; attempt++) {
      String c = Names.serviceNamespaceCandidate("acme", "team-a", attempt);
      assertThat(Names.isDnsLabel(c)).as(c).isTrue();
      assertThat(c).startsWith("kc-acme-team-a");
      assertThat(Names.serviceNamespaceCandidate("acme", "team-a", attempt)).isEqualTo(c);
      seen.add(c);
    }
    assertThat(seen).hasSize(5);
    assertThat(Names.serviceNamespaceCandidate("acme", "team-a", 1))
        .isEqualTo("kc-acme-team-a-" + Names.hash("acme/team-a/1"));
    String longTenant = "t".repeat(63);
    assertThat(Names.serviceNamespaceCandidate("acme", longTenant, 2)).hasSize(63);
    assertThatThrownBy(() -> Names.serviceNamespaceCandidate("acme", "team-a", -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void serviceNamespaceNameRejectsInvalidInput() {
    assertThatThrownBy(() -> Names.serviceNamespaceName("acme", "Team"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tenantNamespace");
    assertThatThrownBy(() -> Names.serviceNamespaceName("Acme", "team"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("provider");
    assertThatThrownBy(() -> Names.serviceNamespaceName("acme", L63 + "a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void connectionSecretName() {
    assertThat(Names.connectionSecretName("acme.hub.example.net", "Redis", "cache"))
        .isEqualTo("cache-redis-connection.acme.hub.example.net");
    assertThat(Names.connectionSecretName("acme.hub.example.net", "RedisBackup", "cache"))
        .isEqualTo("cache-redisbackup-connection.acme.hub.example.net");
    assertThat(Names.connectionSecretName("beta.hub.example.net", "Redis", "cache"))
        .as("two providers' same-named instances of the same kind")
        .isNotEqualTo(Names.connectionSecretName("acme.hub.example.net", "Redis", "cache"));
    String longName = (L63 + ".").repeat(3) + "a".repeat(61);
    String name = Names.connectionSecretName("acme.hub.example.net", "Redis", longName);
    assertThat(name).hasSizeLessThanOrEqualTo(253);
    assertThat(Names.isDnsSubdomain(name)).isTrue();
    assertThat(Names.connectionSecretName("acme.hub.example.net", "Redis", longName))
        .isEqualTo(name);
    assertThatThrownBy(() -> Names.connectionSecretName("acme.io", "redis", "cache"))
        .hasMessageContaining("kind");
    assertThatThrownBy(() -> Names.connectionSecretName("acme.io", "Redis", "Cache"))
        .hasMessageContaining("instanceName");
    assertThatThrownBy(() -> Names.connectionSecretName("Acme", "Redis", "cache"))
        .hasMessageContaining("group");
  }

  @Test
  void hashIsTenLowerCaseHexCharacters() {
    assertThat(Names.hash("team-a")).matches("[0-9a-f]{10}");
    // sha256("abc") = ba7816bf8f01cfea...
    assertThat(Names.hash("abc")).isEqualTo("ba7816bf8f");
  }
}
