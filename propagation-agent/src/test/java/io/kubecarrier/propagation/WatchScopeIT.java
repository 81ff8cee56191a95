package io.kubecarrier.propagation;

import static io.kubecarrier.propagation.PropagationIT.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.HubAccess;
import io.kubecarrier.propagation.registry.PropagationRegistry;
import io.kubecarrier.testkit.HubSecretAccess;
import io.kubecarrier.testkit.KubeClusters;
import io.kubecarrier.testkit.sample.SampleRedisOperator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scope of the service-side watches (docs/propagation-agent.md, "Watch scope"): a kind the
 * provider granted cluster-wide read of (the sample's, {@link
 * SampleRedisOperator#grantClusterWideRead}) is watched once per cluster whatever the number of
 * tenant namespaces; a kind not granted, per service-side namespace. Both sync instances of several
 * tenant namespaces.
 */
@QuarkusTest
@TestProfile(AgentClusterProfile.class)
class WatchScopeIT {

  static final String EU = KubeClusters.EU_WEST_1;

  @Inject PropagationRegistry registry;

  @Test
  void aGrantedKindIsWatchedOncePerClusterAnOtherPerNamespace() {
    TestHub granted = TestHub.create("scope-a", List.of(EU), Map.of()).offer(List.of());
    TestHub grantedB = secondTenant(granted);
    syncBoth(granted, grantedB);
    assertThat(registry.serviceWatches(granted.provider + "/" + TestHub.ENTRY))
        .as("one watch of the kind and one of its Events, for two tenant namespaces")
        .isEqualTo(2);

    TestHub other = TestHub.create("scope-b", List.of(EU), Map.of());
    ServiceEventsIT.serviceCrd(other.service(EU), other.provider + ".svc.test");
    other.offer(List.of(), other.provider + ".svc.test");
    TestHub otherB = secondTenant(other);
    syncBoth(other, otherB);
    assertThat(registry.serviceWatches(other.provider + "/" + TestHub.ENTRY))
        .as("a kind without the cluster-wide grant: two watches per service-side namespace")
        .isEqualTo(4);
  }

  private static TestHub secondTenant(TestHub hub) {
    String ns = hub.tenantNs + "-b";
    hub.mgmt
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .create();
    HubSecretAccess.grant(hub.mgmt, ns, HubAccess.TENANT_GRANTS);
    TestHub b = hub.forTenantNamespace(ns);
    b.assign(EU);
    return b;
  }

  private static void syncBoth(TestHub a, TestHub b) {
    a.createInstance("one", EU, Map.of("version", "7.2"));
    b.createInstance("two", EU, Map.of("version", "7.2"));
    eventually("both synced")
        .until(
            () ->
                a.conditionIs("one", ConditionTypes.SYNCED, "True", null)
                    && b.conditionIs("two", ConditionTypes.SYNCED, "True", null));
  }
}
