package io.kubecarrier.catalog;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * The operator's own access to the tenant CRDs it made. Kubernetes RBAC cannot name API groups that
 * exist only at run time, so the operator keeps one ClusterRole (installed empty with it and bound
 * to its ServiceAccount, {@code k8s/rbac/catalog-operator.yaml}) listing exactly the tenant CRDs.
 * Holding those permissions lets it create the tenant Roles without {@code escalate} or {@code
 * bind} on Roles, and list instances before it deletes a CRD. The only escalation it holds is
 * {@code escalate} on that single ClusterRole, by name.
 */
@ApplicationScoped
public class TenantCrdAccess {

  /** Default name of the ClusterRole. */
  public static final String CLUSTER_ROLE = "catalog-operator-tenant-crds";

  /** What tenants (and the operator) may do with instances of a tenant CRD. */
  public static final List<String> INSTANCE_VERBS =
      List.of("get", "list", "watch", "create", "update", "patch", "delete", "deletecollection");

  private static final Logger LOG = Logger.getLogger(TenantCrdAccess.class);

  @Inject KubernetesClient client;
  @Inject CatalogOperatorConfig config;

  /** The rule that gives full access to instances of {@code group}/{@code plural}. */
  public static PolicyRule rule(String group, String plural) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(plural)
        .withVerbs(INSTANCE_VERBS)
        .build();
  }

  /** Rules for {@code crds}, sorted by group and resource, one per CRD. */
  public static List<PolicyRule> rules(Collection<CustomResourceDefinition> crds) {
    return crds.stream()
        .map(c -> rule(c.getSpec().getGroup(), c.getSpec().getNames().getPlural()))
        .distinct()
        .sorted(
            Comparator.comparing((PolicyRule r) -> r.getApiGroups().get(0))
                .thenComparing(r -> r.getResources().get(0)))
        .toList();
  }

  /**
   * Makes the ClusterRole list exactly {@code rules}.
   *
   * @throws IllegalStateException when the ClusterRole is not installed
   */
  public void ensure(List<PolicyRule> rules) {
    String name = config.catalogOperator().tenantCrdsClusterRole();
    ClusterRole role = client.rbac().clusterRoles().withName(name).get();
    if (role == null) {
      throw new IllegalStateException(
          "ClusterRole "
              + name
              + " is missing: install k8s/rbac/catalog-operator.yaml, which creates it empty and"
              + " binds it to the operator");
    }
    List<PolicyRule> current = role.getRules() == null ? List.of() : role.getRules();
    if (Objects.equals(current, rules)) {
      return;
    }
    role.setRules(rules);
    client.rbac().clusterRoles().resource(role).update();
    LOG.infof("clusterrole %s: now grants access to %d tenant CRDs", name, rules.size());
  }
}
