package io.kubecarrier.registry;

import io.kubecarrier.testkit.KubeCarrierTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The profile of every integration test: the registry runs against the shared real clusters with
 * its generated RBAC ({@link KubeCarrierTestResource}). Scoping the resource to one profile keeps
 * it away from {@link BootTest} (mock server) and gives all ITs one application and one
 * classloader, hence one set of clusters per JVM.
 */
public class RegistryProfile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(
        new TestResourceEntry(
            KubeCarrierTestResource.class, Map.of("operator", "cluster-registry")));
  }
}
