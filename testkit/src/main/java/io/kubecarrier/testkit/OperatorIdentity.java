package io.kubecarrier.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The identity an operator runs under, as {@code kubectl apply -k k8s/} creates it: the
 * ServiceAccount, ClusterRoles, Roles and bindings of {@code k8s/rbac/<operator>.yaml} in {@code
 * kubecarrier-system}, and a token for that ServiceAccount. Operators under test run with this
 * token, never as admin, so a missing permission fails a test.
 */
public record OperatorIdentity(
    KubeCluster cluster, String namespace, String serviceAccount, String token) {

  public static final String SYSTEM_NAMESPACE = "kubecarrier-system";

  /** Applies {@code k8s/rbac/<operator>.yaml} and mints a token for its ServiceAccount. */
  public static OperatorIdentity install(KubeCluster cluster, String operator) {
    return install(
        cluster, operator, K8sBinaries.repoRoot().resolve("k8s/rbac/" + operator + ".yaml"));
  }

  public static OperatorIdentity install(KubeCluster cluster, String operator, Path rbacManifest) {
    KubernetesClient admin = cluster.adminClient();
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(SYSTEM_NAMESPACE)
                .endMetadata()
                .build())
        .fieldManager(Manifests.FIELD_MANAGER)
        .serverSideApply();
    for (HasMetadata o : Manifests.load(admin, rbacManifest)) {
      o.getMetadata().setResourceVersion(null);
      admin.resource(o).fieldManager(Manifests.FIELD_MANAGER).forceConflicts().serverSideApply();
    }
    String token = cluster.serviceAccountToken(SYSTEM_NAMESPACE, operator, Duration.ofHours(12));
    return new OperatorIdentity(cluster, SYSTEM_NAMESPACE, operator, token);
  }

  /** Access checks as this identity, through the real authorizer. */
  public Access access() {
    return Access.asServiceAccount(cluster, namespace, serviceAccount);
  }
}
