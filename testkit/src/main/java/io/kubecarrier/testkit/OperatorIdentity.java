package io.kubecarrier.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The identity an operator runs under, as the install in {@code k8s/} creates it: a ServiceAccount
 * in {@code kubecarrier-system}, bound to the ClusterRoles (and Roles) of the given RBAC manifest,
 * and a token for it. Operators under test run with this token, never as admin, so a missing
 * permission fails a test.
 */
public record OperatorIdentity(
    KubeCluster cluster, String namespace, String serviceAccount, String token) {

  public static final String SYSTEM_NAMESPACE = "kubecarrier-system";

  /**
   * Applies the roles in {@code rbacManifest} and binds each to a ServiceAccount named {@code
   * name}.
   */
  public static OperatorIdentity install(KubeCluster cluster, String name, Path rbacManifest) {
    KubernetesClient admin = cluster.adminClient();
    String ns = SYSTEM_NAMESPACE;
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .fieldManager(Manifests.FIELD_MANAGER)
        .serverSideApply();
    admin
        .serviceAccounts()
        .inNamespace(ns)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .build())
        .fieldManager(Manifests.FIELD_MANAGER)
        .serverSideApply();
    List<HasMetadata> roles = new ArrayList<>();
    for (HasMetadata o : Manifests.load(admin, rbacManifest)) {
      if (o instanceof ClusterRole || o instanceof Role) {
        roles.add(o);
      }
    }
    for (HasMetadata role : roles) {
      role.getMetadata().setResourceVersion(null);
      admin.resource(role).fieldManager(Manifests.FIELD_MANAGER).forceConflicts().serverSideApply();
      String roleName = role.getMetadata().getName();
      if (role instanceof ClusterRole) {
        admin
            .rbac()
            .clusterRoleBindings()
            .resource(
                new ClusterRoleBindingBuilder()
                    .withNewMetadata()
                    .withName(name + "--" + roleName)
                    .endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", roleName)
                    .addNewSubject()
                    .withKind("ServiceAccount")
                    .withName(name)
                    .withNamespace(ns)
                    .endSubject()
                    .build())
            .fieldManager(Manifests.FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
      } else {
        String roleNs =
            role.getMetadata().getNamespace() == null ? ns : role.getMetadata().getNamespace();
        admin
            .rbac()
            .roleBindings()
            .inNamespace(roleNs)
            .resource(
                new RoleBindingBuilder()
                    .withNewMetadata()
                    .withName(name + "--" + roleName)
                    .withNamespace(roleNs)
                    .endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "Role", roleName)
                    .addNewSubject()
                    .withKind("ServiceAccount")
                    .withName(name)
                    .withNamespace(ns)
                    .endSubject()
                    .build())
            .fieldManager(Manifests.FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
      }
    }
    String token = cluster.serviceAccountToken(ns, name, Duration.ofHours(12));
    return new OperatorIdentity(cluster, ns, name, token);
  }

  /** Access checks as this identity, through the real authorizer. */
  public Access access() {
    return Access.asServiceAccount(cluster, namespace, serviceAccount);
  }
}
