package io.kubecarrier.testkit;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * The Secret rights that the account operator gives the hub operators in every account namespace
 * (common-api's {@code HubAccess}, passed in: testkit does not depend on common-api), for module
 * tests that run an operator without the account operator and make their namespaces themselves:
 * without them the operator under test, running as its ServiceAccount, reads no kubeconfig Secret
 * and writes no connection Secret copy.
 */
public final class HubSecretAccess {
  private HubSecretAccess() {}

  /**
   * Binds every ClusterRole of {@code grants} (ClusterRole = binding name → ServiceAccount in
   * {@code kubecarrier-system}) in {@code namespace}, as admin.
   */
  public static void grant(KubernetesClient admin, String namespace, Map<String, String> grants) {
    grants.forEach(
        (clusterRole, serviceAccount) -> {
          RoleBinding rb =
              new RoleBindingBuilder()
                  .withNewMetadata()
                  .withName(clusterRole)
                  .withNamespace(namespace)
                  .endMetadata()
                  .withNewRoleRef()
                  .withApiGroup("rbac.authorization.k8s.io")
                  .withKind("ClusterRole")
                  .withName(clusterRole)
                  .endRoleRef()
                  .addNewSubject()
                  .withKind("ServiceAccount")
                  .withName(serviceAccount)
                  .withNamespace(OperatorIdentity.SYSTEM_NAMESPACE)
                  .endSubject()
                  .build();
          admin
              .resource(rb)
              .fieldManager(Manifests.FIELD_MANAGER)
              .forceConflicts()
              .serverSideApply();
        });
  }
}
