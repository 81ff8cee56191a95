package io.kubecarrier.registry;

import static io.kubecarrier.registry.RegistryFixture.SA_NAME;
import static io.kubecarrier.registry.RegistryFixture.SA_NAMESPACE;
import static io.kubecarrier.registry.RegistryFixture.awaitCondition;
import static io.kubecarrier.registry.RegistryFixture.awaitReady;
import static io.kubecarrier.registry.RegistryFixture.cluster;
import static io.kubecarrier.registry.RegistryFixture.condition;
import static io.kubecarrier.registry.RegistryFixture.getServiceCluster;
import static io.kubecarrier.registry.RegistryFixture.installIdentity;
import static io.kubecarrier.registry.RegistryFixture.kubeconfigSecret;
import static io.kubecarrier.registry.RegistryFixture.management;
import static io.kubecarrier.registry.RegistryFixture.measured;
import static io.kubecarrier.registry.RegistryFixture.providerNamespace;
import static io.kubecarrier.registry.RegistryFixture.serviceCluster;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.registry.connect.CredentialExpiry;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The expiry of a ServiceCluster's credentials against the real API servers: tokens minted through
 * the TokenRequest API for KubeCarrier's service-cluster identity, a warning window of 30 minutes
 * ({@link RegistryProfile}).
 */
@QuarkusTest
@TestProfile(RegistryProfile.class)
class CredentialsExpiryIT {

  static final String METRIC = "kubecarrier_service_cluster_credentials_expiry_timestamp_seconds";

  /** A token of KubeCarrier's ServiceAccount in {@code cluster} valid for {@code ttl}. */
  static String token(KubeCluster cluster, Duration ttl) {
    installIdentity(cluster);
    return cluster.serviceAccountToken(SA_NAMESPACE, SA_NAME, ttl);
  }

  static Instant exp(String token) {
    return CredentialExpiry.tokenExpiry(token).orElseThrow();
  }

  /** The value of the expiry gauge of {@code ns/name} on /q/metrics, if it has a series. */
  static Optional<Double> metric(String ns, String name) {
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m =
        Pattern.compile(
                "^"
                    + METRIC
                    + "\\{namespace=\""
                    + Pattern.quote(ns)
                    + "\",service_cluster=\""
                    + Pattern.quote(name)
                    + "\"} (\\S+)$",
                Pattern.MULTILINE)
            .matcher(metrics);
    return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
  }

  static List<Event> events(String ns, String name, String reason) {
    return management().v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .filter(e -> reason.equals(e.getReason()))
        .toList();
  }

  @Test
  void aShortLivedTokenIsExpiringSoonWarnsOnceAndRotationClearsIt() {
    String ns = providerNamespace("provider");
    KubeCluster eu = cluster(KubeClusters.EU_WEST_1);
    String shortToken = token(eu, Duration.ofSeconds(600)); // the API server's minimum
    Instant expiresAt = exp(shortToken);
    kubeconfigSecret(ns, "eu-kubeconfig", eu.kubeconfig(SA_NAME, shortToken));
    serviceCluster(ns, "eu", "eu-kubeconfig");

    ServiceCluster sc =
        awaitCondition(
            ns,
            "eu",
            ConditionTypes.CREDENTIALS_EXPIRING,
            Condition.TRUE,
            Reasons.CREDENTIALS_EXPIRE_SOON,
            Duration.ofSeconds(30));
    Condition expiring = condition(sc, ConditionTypes.CREDENTIALS_EXPIRING).orElseThrow();
    assertThat(expiring.getMessage())
        .startsWith(
            "The token of kubeconfig Secret "
                + ns
                + "/eu-kubeconfig expires at "
                + Conditions.format(expiresAt)
                + ", within the warning window of 30m.")
        .contains("create token kubecarrier --duration=")
        .contains("k8s/service-cluster/kubeconfig.sh")
        .contains("docs/service-cluster-credentials.md");
    assertThat(expiring.getObservedGeneration()).isEqualTo(sc.getMetadata().getGeneration());
    assertThat(sc.getStatus().getCredentials().getExpiresAt())
        .isEqualTo(Conditions.format(expiresAt));
    assertThat(sc.getStatus().getCredentials().getSource()).isEqualTo(CredentialExpiry.TOKEN);
    // expiring soon is a warning, not a failure: the cluster is Ready
    ServiceCluster ready = awaitReady(ns, "eu");
    assertThat(condition(ready, ConditionTypes.READY).orElseThrow().getReason())
        .isEqualTo(Reasons.READY);

    await("expiry gauge of " + ns + "/eu")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(metric(ns, "eu")).hasValue((double) expiresAt.getEpochSecond()));
    await("Warning event CredentialsExpireSoon")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events(ns, "eu", Reasons.CREDENTIALS_EXPIRE_SOON))
                    .singleElement()
                    .satisfies(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getMessage())
                              .startsWith("CredentialsExpiring: " + expiring.getMessage());
                        }));

    // heartbeats go on: the condition and its transition time stay, no second event
    String heartbeat = sc.getStatus().getLastHeartbeatTime();
    ServiceCluster later =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> getServiceCluster(ns, "eu"),
                c -> !heartbeat.equals(c.getStatus().getLastHeartbeatTime()));
    assertThat(condition(later, ConditionTypes.CREDENTIALS_EXPIRING)).hasValue(expiring);
    assertThat(events(ns, "eu", Reasons.CREDENTIALS_EXPIRE_SOON))
        .singleElement()
        .satisfies(e -> assertThat(e.getCount()).isEqualTo(1));

    // rotation: a new token in the Secret is read at the next heartbeat
    String longToken = token(eu, Duration.ofHours(2));
    Instant newExpiry = exp(longToken);
    Instant rotated = Instant.now();
    kubeconfigSecret(ns, "eu-kubeconfig", eu.kubeconfig(SA_NAME, longToken));
    ServiceCluster valid =
        awaitCondition(
            ns,
            "eu",
            ConditionTypes.CREDENTIALS_EXPIRING,
            Condition.FALSE,
            Reasons.CREDENTIALS_VALID,
            Duration.ofSeconds(30));
    measured(
        "kubeconfig Secret rotated -> CredentialsExpiring=False",
        Duration.between(rotated, Instant.now()));
    assertThat(condition(valid, ConditionTypes.CREDENTIALS_EXPIRING).orElseThrow().getMessage())
        .contains("expires at " + Conditions.format(newExpiry))
        .contains("later than the warning window of 30m");
    assertThat(valid.getStatus().getCredentials().getExpiresAt())
        .isEqualTo(Conditions.format(newExpiry));
    assertThat(valid.getStatus().isReady()).isTrue();
    await("expiry gauge follows the rotation")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(metric(ns, "eu")).hasValue((double) newExpiry.getEpochSecond()));
    await("Normal event CredentialsValid")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(events(ns, "eu", Reasons.CREDENTIALS_VALID))
                    .singleElement()
                    .satisfies(e -> assertThat(e.getType()).isEqualTo("Normal")));
  }

  @Test
  void aLongLivedTokenIsValidAndAnOpaqueOneHasNoExpiry() {
    String ns = providerNamespace("provider");
    KubeCluster us = cluster(KubeClusters.US_EAST_1);
    String longToken = token(us, Duration.ofDays(30));
    Instant expiresAt = exp(longToken);
    kubeconfigSecret(ns, "long", us.kubeconfig(SA_NAME, longToken));
    serviceCluster(ns, "long", "long");
    kubeconfigSecret(ns, "opaque", us.kubeconfig(SA_NAME, "not-a-valid-token"));
    serviceCluster(ns, "opaque", "opaque");

    ServiceCluster long_ =
        awaitCondition(
            ns,
            "long",
            ConditionTypes.CREDENTIALS_EXPIRING,
            Condition.FALSE,
            Reasons.CREDENTIALS_VALID,
            Duration.ofSeconds(30));
    assertThat(condition(long_, ConditionTypes.CREDENTIALS_EXPIRING).orElseThrow().getMessage())
        .isEqualTo(
            "The token of kubeconfig Secret "
                + ns
                + "/long expires at "
                + Conditions.format(expiresAt)
                + ", later than the warning window of 30m.");
    assertThat(long_.getStatus().getCredentials().getExpiresAt())
        .isEqualTo(Conditions.format(expiresAt));
    awaitReady(ns, "long");

    // an opaque token: nothing to read; the cluster rejects it, which Ready says
    ServiceCluster opaque =
        awaitCondition(
            ns,
            "opaque",
            ConditionTypes.CREDENTIALS_EXPIRING,
            Condition.FALSE,
            Reasons.NO_EXPIRY,
            Duration.ofSeconds(30));
    assertThat(opaque.getStatus().getCredentials()).isNull();
    awaitCondition(
        ns,
        "opaque",
        ConditionTypes.READY,
        Condition.FALSE,
        Reasons.UNAUTHORIZED,
        Duration.ofSeconds(30));

    await("gauge for the long token only")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(metric(ns, "long")).hasValue((double) expiresAt.getEpochSecond());
              assertThat(metric(ns, "opaque")).isEmpty();
            });
    // False from the start: no event of this condition, only the others' (Ready, Unauthorized)
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              List<Event> all = management().v1().events().inNamespace(ns).list().getItems();
              assertThat(all)
                  .filteredOn(e -> "opaque".equals(e.getInvolvedObject().getName()))
                  .extracting(Event::getReason)
                  .containsExactly(Reasons.UNAUTHORIZED);
              assertThat(all)
                  .filteredOn(e -> "long".equals(e.getInvolvedObject().getName()))
                  .extracting(Event::getReason)
                  .containsExactly(Reasons.READY);
            });

    // the Secret gone: nothing is known any more, the series goes
    management().secrets().inNamespace(ns).withName("long").delete();
    ServiceCluster gone =
        awaitCondition(
            ns,
            "long",
            ConditionTypes.CREDENTIALS_EXPIRING,
            Condition.UNKNOWN,
            Reasons.SECRET_NOT_FOUND,
            Duration.ofSeconds(30));
    assertThat(gone.getStatus().getCredentials()).isNull();
    await("the gauge of a cluster without kubeconfig goes")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(metric(ns, "long")).isEmpty());
  }
}
