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
 *
 * <p>The credentials warning window is 30 minutes instead of 7 days: the ITs' tokens live one to
 * two hours and stay {@code CredentialsExpiring=False} (no extra events), {@link
 * CredentialsExpiryIT} mints ten-minute tokens to see it True.
 */
public class RegistryProfile implements QuarkusTestProfile {

  /** {@code kubecarrier.registry.credentials-expiry-warning} in the ITs. */
  static final String CREDENTIALS_WINDOW = "30m";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("kubecarrier.registry.credentials-expiry-warning", CREDENTIALS_WINDOW);
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(
        new TestResourceEntry(
            KubeCarrierTestResource.class, Map.of("operator", "cluster-registry")));
  }
}
