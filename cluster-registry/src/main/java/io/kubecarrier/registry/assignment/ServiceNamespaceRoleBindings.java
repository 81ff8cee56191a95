package io.kubecarrier.registry.assignment;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.kubecarrier.api.common.Labels;

/**
 * The RoleBinding that gives KubeCarrier's own service-cluster identity its rights inside a
 * service-side namespace: the ClusterRole {@code kubecarrier-service-namespace} of {@code
 * k8s/service-cluster/}, bound in that namespace only. So the identity needs no cluster-wide rights
 * on the offered kinds or on Secrets.
 */
public final class ServiceNamespaceRoleBindings {

  private ServiceNamespaceRoleBindings() {}

  public static RoleBinding desired(
      String namespace, String name, String clusterRole, Subject identity) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_CLUSTER_REGISTRY)
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("ClusterRole")
        .withName(clusterRole)
        .endRoleRef()
        .withSubjects(identity)
        .build();
  }
}
