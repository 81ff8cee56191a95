package io.kubecarrier.propagation;

import io.kubecarrier.testkit.KubeCarrierTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The profile of every integration test: the agent runs in-process against the shared real clusters
 * with its generated RBAC ({@code k8s/rbac/propagation-agent.yaml}), never as admin. Scoping the
 * test resource to a profile keeps it away from {@link BootTest} (mock server); one profile for all
 * ITs means one application start and one set of clusters per JVM.
 */
public class AgentClusterProfile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(
        new TestResourceEntry(
            KubeCarrierTestResource.class, Map.of("operator", "propagation-agent")));
  }
}
