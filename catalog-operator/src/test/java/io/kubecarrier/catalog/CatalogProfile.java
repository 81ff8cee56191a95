package io.kubecarrier.catalog;

import io.kubecarrier.testkit.KubeCarrierTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * The profile of every integration test: the operator runs against the shared real clusters with
 * its generated RBAC ({@link KubeCarrierTestResource}). One profile for all ITs gives them one
 * application and one classloader, hence one set of clusters per JVM, and keeps the resource away
 * from {@link BootTest} (mock server).
 */
public class CatalogProfile implements QuarkusTestProfile {

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(
        new TestResourceEntry(
            KubeCarrierTestResource.class, Map.of("operator", "catalog-operator")));
  }
}
