package io.kubecarrier.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource that runs the operator under test against the shared real clusters: it
 * checks the committed {@code k8s/rbac/<operator>.yaml} and {@code k8s/operators/<operator>.yaml}
 * against what the build generated, starts the clusters (once per JVM), installs the CRDs of {@code
 * k8s/crds/} in the management cluster, installs the operator's identity from {@code
 * k8s/rbac/<operator>.yaml}, and points the operator's Kubernetes client at the management cluster
 * with that identity's token.
 *
 * <p>Use: {@code @QuarkusTestResource(value = KubeCarrierTestResource.class, initArgs
 * = @ResourceArg(name = "operator", value = "account-operator"))}.
 */
public class KubeCarrierTestResource implements QuarkusTestResourceLifecycleManager {

  private String operator;

  @Override
  public void init(Map<String, String> initArgs) {
    operator = initArgs.get("operator");
    if (operator == null) {
      throw new IllegalArgumentException("KubeCarrierTestResource needs the init arg 'operator'");
    }
  }

  @Override
  public Map<String, String> start() {
    OperatorRbac.assertCommittedUpToDate(operator);
    OperatorWorkload.assertCommittedUpToDate(operator);
    KubeClusters clusters = KubeClusters.shared();
    KubeCluster management = clusters.management();
    Manifests.applyCrds(management.adminClient(), K8sBinaries.repoRoot().resolve("k8s/crds"));
    OperatorIdentity identity = OperatorIdentity.install(management, operator);
    Map<String, String> config = new HashMap<>();
    config.put("quarkus.kubernetes-client.api-server-url", management.url());
    config.put(
        "quarkus.kubernetes-client.ca-cert-data",
        Base64.getEncoder()
            .encodeToString(management.caCertPem().getBytes(StandardCharsets.UTF_8)));
    config.put("quarkus.kubernetes-client.token", identity.token());
    config.put("quarkus.kubernetes-client.trust-certs", "false");
    config.put("quarkus.kubernetes-client.namespace", OperatorIdentity.SYSTEM_NAMESPACE);
    config.put("quarkus.kubernetes-client.devservices.enabled", "false");
    return config;
  }

  @Override
  public void stop() {
    // The clusters are shared by every test of this JVM and stop at JVM exit.
  }
}
