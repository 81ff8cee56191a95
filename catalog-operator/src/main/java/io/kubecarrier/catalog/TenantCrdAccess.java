package io.kubecarrier.catalog;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Verbs;
import io.kubecarrier.catalog.entry.AdmissionPolicies;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Access to the tenant CRDs the operator made. Kubernetes RBAC cannot name API groups that exist
 * only at run time, so the operator keeps three ClusterRoles, each installed with it ({@code
 * k8s/rbac/catalog-operator.yaml}) under a fixed name, in line with the tenant CRDs:
 *
 * <ul>
 *   <li>{@link #CLUSTER_ROLE} (bound to its own ServiceAccount): {@link #OPERATOR_VERBS} on the
 *       instances, every verb it grants. Holding those permissions lets it create the tenant Roles
 *       without {@code escalate} or {@code bind} on Roles, and list instances before it deletes a
 *       CRD.
 *   <li>{@link #INSTANCES_ROLE}, labelled {@link Labels#AGGREGATE_TO_PROPAGATION_AGENT}: what the
 *       propagation agent needs on the instances and their status; the API server aggregates it
 *       into the agent's {@code propagation-agent-instances}.
 *   <li>{@link #READ_ROLE}, labelled {@link Labels#AGGREGATE_TO_ACCOUNT_OPERATOR}: {@code get,
 *       list}, aggregated into the account operator's {@code account-operator-tenant-instances}.
 * </ul>
 *
 * The only escalation the operator holds is {@code escalate} on these three ClusterRoles, by name.
 */
@ApplicationScoped
public class TenantCrdAccess {

  /** Default name of the operator's own ClusterRole. */
  public static final String CLUSTER_ROLE = "catalog-operator-tenant-crds";

  /** The ClusterRole aggregated into the propagation agent's. */
  public static final String INSTANCES_ROLE = "kubecarrier:tenant-instances";

  /** The ClusterRole aggregated into the account operator's. */
  public static final String READ_ROLE = "kubecarrier:tenant-instances-read";

  /**
   * What tenants may do with instances of a tenant CRD (the tenant Role of a published offering):
   * the API verbs and the custom verb {@link Verbs#ORDER}, which the admission policy requires for
   * a CREATE. Never {@link Verbs#ORPHAN} nor {@link Verbs#MANAGE}.
   */
  public static final List<String> INSTANCE_VERBS =
      List.of(
          "get",
          "list",
          "watch",
          "create",
          "update",
          "patch",
          "delete",
          "deletecollection",
          Verbs.ORDER);

  /**
   * What the propagation agent does with instances: watches them, creates adopted ones (and so
   * needs {@link Verbs#ORDER}, which the admission policy checks on CREATE), sets and removes its
   * finalizer and annotates adopted instances with their source (and so needs {@link Verbs#MANAGE},
   * which the admission policy checks for any change of a {@code kubecarrier.io/} key but the
   * region label). It never deletes them (the tenant does).
   */
  public static final List<String> AGENT_VERBS =
      List.of("get", "list", "watch", "create", "update", "patch", Verbs.ORDER, Verbs.MANAGE);

  /**
   * What the operator holds on instances (its own ClusterRole): every verb it grants on them,
   * {@link #INSTANCE_VERBS} to tenants and {@link #AGENT_VERBS} to the agent, so that it grants
   * them without {@code escalate}.
   */
  public static final List<String> OPERATOR_VERBS =
      Stream.concat(INSTANCE_VERBS.stream(), Stream.of(Verbs.MANAGE)).toList();

  /** What the propagation agent does with the status of instances: writes it. */
  public static final List<String> AGENT_STATUS_VERBS = List.of("get", "update", "patch");

  /** What the account operator does with instances: looks whether any are left. */
  public static final List<String> READ_VERBS = List.of("get", "list");

  private static final Logger LOG = Logger.getLogger(TenantCrdAccess.class);

  @Inject KubernetesClient client;
  @Inject CatalogOperatorConfig config;

  /**
   * Tenant CRDs granted but perhaps not in the informer cache yet (an entry grants access to its
   * CRD before it creates it), by name: part of every grant until the cache shows them, so that the
   * reconcile of another entry, computing from the same cache at the same time, never takes the
   * grant away again (it did: the first entry then could not list its own instances).
   */
  private final Map<String, CustomResourceDefinition> pending = new HashMap<>();

  /**
   * Makes the three ClusterRoles grant what the tenant CRDs need: those in {@code cached} (the
   * informer's view), plus {@code adding} (about to be created or applied, may be null), minus
   * {@code removing} (a CRD name being deleted, may be null). Serialised: the ClusterRoles are
   * shared by all entries.
   */
  public synchronized void grant(
      Collection<CustomResourceDefinition> cached,
      CustomResourceDefinition adding,
      String removing) {
    ensure(granted(pending, cached, adding, removing));
  }

  /** What {@link #grant} grants; updates {@code pending}. */
  static List<CustomResourceDefinition> granted(
      Map<String, CustomResourceDefinition> pending,
      Collection<CustomResourceDefinition> cached,
      CustomResourceDefinition adding,
      String removing) {
    Map<String, CustomResourceDefinition> all = new TreeMap<>();
    for (CustomResourceDefinition c : cached) {
      String name = c.getMetadata().getName();
      if (!name.equals(removing) && c.getMetadata().getDeletionTimestamp() == null) {
        all.put(name, c);
      }
    }
    pending.keySet().removeIf(n -> all.containsKey(n) || n.equals(removing));
    if (adding != null) {
      String name = adding.getMetadata().getName();
      all.put(name, adding);
      if (cached.stream().noneMatch(c -> c.getMetadata().getName().equals(name))) {
        pending.put(name, adding);
      }
    }
    pending.forEach(all::putIfAbsent);
    return List.copyOf(all.values());
  }

  /**
   * The tenant rule on instances of {@code group}/{@code plural}: {@link #INSTANCE_VERBS},
   * including {@link Verbs#ORDER} (not {@link Verbs#MANAGE}).
   */
  public static PolicyRule rule(String group, String plural) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(plural)
        .withVerbs(INSTANCE_VERBS)
        .build();
  }

  /**
   * Rules of the operator's own ClusterRole: {@link #OPERATOR_VERBS}, sorted by group and resource,
   * one per CRD.
   */
  public static List<PolicyRule> rules(Collection<CustomResourceDefinition> crds) {
    List<PolicyRule> rules =
        new ArrayList<>(
            crds.stream()
                .map(
                    c ->
                        groupRule(
                            c.getSpec().getGroup(),
                            List.of(c.getSpec().getNames().getPlural()),
                            OPERATOR_VERBS))
                .distinct()
                .sorted(
                    Comparator.comparing((PolicyRule r) -> r.getApiGroups().get(0))
                        .thenComparing(r -> r.getResources().get(0)))
                .toList());
    if (!crds.isEmpty()) {
      rules.add(policyRule(crds));
    }
    return rules;
  }

  /** What the operator does with the instance policies (and bindings) it made, by name. */
  public static final List<String> POLICY_VERBS = List.of("get", "update", "patch", "delete");

  /**
   * The rule of the operator's own ClusterRole on the instance admission policies of {@code crds}
   * and their bindings, by name ({@link AdmissionPolicies#name}). Admission never applies to
   * admission policies (the API server exempts them, so that no policy can lock it out), so only
   * RBAC can keep the operator off other policies: it holds {@code create} (a new policy can only
   * refuse more) and, through this rule, changes and deletes exactly the policies of its tenant
   * CRDs.
   */
  static PolicyRule policyRule(Collection<CustomResourceDefinition> crds) {
    return new PolicyRuleBuilder()
        .withApiGroups("admissionregistration.k8s.io")
        .withResources("validatingadmissionpolicies", "validatingadmissionpolicybindings")
        .withResourceNames(
            crds.stream()
                .map(c -> AdmissionPolicies.name(c.getMetadata().getName()))
                .distinct()
                .sorted()
                .toList())
        .withVerbs(POLICY_VERBS)
        .build();
  }

  /**
   * Rules of {@link #INSTANCES_ROLE}: per group (sorted), {@link #AGENT_VERBS} on its plurals and
   * {@link #AGENT_STATUS_VERBS} on their {@code /status}.
   */
  public static List<PolicyRule> agentRules(Collection<CustomResourceDefinition> crds) {
    List<PolicyRule> rules = new ArrayList<>();
    pluralsByGroup(crds)
        .forEach(
            (group, plurals) -> {
              rules.add(groupRule(group, plurals, AGENT_VERBS));
              rules.add(
                  groupRule(
                      group,
                      plurals.stream().map(p -> p + "/status").toList(),
                      AGENT_STATUS_VERBS));
            });
    return rules;
  }

  /** Rules of {@link #READ_ROLE}: per group (sorted), {@link #READ_VERBS} on its plurals. */
  public static List<PolicyRule> readRules(Collection<CustomResourceDefinition> crds) {
    List<PolicyRule> rules = new ArrayList<>();
    pluralsByGroup(crds)
        .forEach((group, plurals) -> rules.add(groupRule(group, plurals, READ_VERBS)));
    return rules;
  }

  private static SortedMap<String, List<String>> pluralsByGroup(
      Collection<CustomResourceDefinition> crds) {
    SortedMap<String, TreeSet<String>> sets = new TreeMap<>();
    crds.forEach(
        c ->
            sets.computeIfAbsent(c.getSpec().getGroup(), g -> new TreeSet<>())
                .add(c.getSpec().getNames().getPlural()));
    SortedMap<String, List<String>> out = new TreeMap<>();
    sets.forEach((g, p) -> out.put(g, List.copyOf(p)));
    return out;
  }

  private static PolicyRule groupRule(String group, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }

  /**
   * Makes the three ClusterRoles grant exactly what {@code crds} (the tenant CRDs the operator
   * serves) need.
   *
   * @throws IllegalStateException when one of the ClusterRoles is not installed
   */
  private void ensure(Collection<CustomResourceDefinition> crds) {
    long count = crds.stream().map(c -> c.getMetadata().getName()).distinct().count();
    ensure(config.catalogOperator().tenantCrdsClusterRole(), rules(crds), Map.of(), count);
    ensure(
        INSTANCES_ROLE,
        agentRules(crds),
        Map.of(Labels.AGGREGATE_TO_PROPAGATION_AGENT, "true"),
        count);
    ensure(READ_ROLE, readRules(crds), Map.of(Labels.AGGREGATE_TO_ACCOUNT_OPERATOR, "true"), count);
  }

  /** Makes the ClusterRole {@code name} list exactly {@code rules} and carry {@code labels}. */
  private void ensure(
      String name, List<PolicyRule> rules, Map<String, String> labels, long crdCount) {
    ClusterRole role = client.rbac().clusterRoles().withName(name).get();
    if (role == null) {
      throw new IllegalStateException(
          "ClusterRole "
              + name
              + " is missing: install k8s/rbac/catalog-operator.yaml, which creates it and lets"
              + " the operator keep it up to date");
    }
    List<PolicyRule> current = role.getRules() == null ? List.of() : role.getRules();
    Map<String, String> have =
        role.getMetadata().getLabels() == null ? Map.of() : role.getMetadata().getLabels();
    boolean labelled =
        labels.entrySet().stream()
            .allMatch(e -> Objects.equals(have.get(e.getKey()), e.getValue()));
    if (Objects.equals(current, rules) && labelled) {
      return;
    }
    role.setRules(rules);
    if (!labelled) {
      Map<String, String> next = new HashMap<>(have);
      next.putAll(labels);
      role.getMetadata().setLabels(next);
    }
    client.rbac().clusterRoles().resource(role).update();
    LOG.infof("clusterrole %s: now grants access to %d tenant CRDs", name, crdCount);
  }
}
