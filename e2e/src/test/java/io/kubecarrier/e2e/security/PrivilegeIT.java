package io.kubecarrier.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubecarrier.e2e.Hub;
import io.kubecarrier.e2e.Walkthrough;
import io.kubecarrier.e2e.lifecycle.SharedHub;
import io.kubecarrier.testkit.Access;
import io.kubecarrier.testkit.KubeCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege on the management cluster, decided by the real API server: each of the four
 * operators' ServiceAccounts (a client with a token of its own, so the API server authenticates it
 * exactly as in a pod), with the RBAC and the confinement policies of {@code k8s/rbac/} that the
 * shared hub installed, attempts what its job does not need (escalate its own ClusterRole, bind
 * cluster-admin, touch kube-system's Leases, delete foreign namespaces, read foreign Secrets,
 * create foreign CRDs, remove admission policies, ...), and each attempt must be refused (403 from
 * RBAC or a policy, 422/400 from a policy); a handful of positive controls in the same namespaces
 * must be allowed, so a refusal is the confinement's and not a broken setup's.
 *
 * <p>Every write is a dry run ({@code dryRun=All}): authentication, authorization, RBAC's own
 * escalation checks and every admission policy run exactly as for a real write, only nothing is
 * stored. So an attempt that wrongly succeeds leaves the shared hub unharmed.
 *
 * <p>The matrix (attempt → status code → first line of the API server's message) is printed to
 * stdout; docs/security.md summarises it. Every failure is reported at once.
 */
class PrivilegeIT {

  static final String SYSTEM = "kubecarrier-system";
  static final String AO = "account-operator";
  static final String CO = "catalog-operator";
  static final String CR = "cluster-registry";
  static final String PA = "propagation-agent";

  /** A Tenant account's user (impersonated), not an operator. */
  static final String TU = "tenant-user";

  static final String MANAGED_BY = "kubecarrier.io/managed-by";
  static final String ACCOUNT = "kubecarrier.io/account";
  static final String CATALOG = "catalog.kubecarrier.io/v1alpha1";
  static final Duration TIMEOUT = Duration.ofMinutes(3);

  /** Who refused an attempt, read from the API server's message. */
  enum Source {
    /** The RBAC authorizer ("User ... cannot ...") or RBAC's escalation/bind check. */
    RBAC,
    /** One of our confinement policies ({@code kubecarrier-confine-*}). */
    POLICY,
    /** The NamespaceLifecycle admission plugin (default, kube-system, kube-public). */
    LIFECYCLE,
    /** Another admission check. */
    OTHER,
    /** Not refused. */
    NONE
  }

  static final Set<Source> BY_RBAC = EnumSet.of(Source.RBAC);
  static final Set<Source> BY_POLICY = EnumSet.of(Source.POLICY);
  static final Set<Source> BY_EITHER = EnumSet.of(Source.RBAC, Source.POLICY);
  static final Set<Source> BY_POLICY_OR_LIFECYCLE = EnumSet.of(Source.POLICY, Source.LIFECYCLE);

  /** A request against the API server as an operator's client; throws when refused. */
  @FunctionalInterface
  interface Action {
    void run(KubernetesClient c);
  }

  /**
   * One row of the matrix. {@code refusedBy} empty: a positive control, which must be allowed;
   * otherwise it must be refused, by one of {@code refusedBy}.
   */
  record Attempt(String identity, String what, Set<Source> refusedBy, Action action) {
    boolean positive() {
      return refusedBy.isEmpty();
    }

    String name() {
      return identity + ": " + what;
    }
  }

  record Outcome(int code, Source source, String message) {
    boolean refused() {
      return code == 403 || code == 422 || code == 400;
    }
  }

  static Hub hub;
  static KubeCluster management;
  static KubernetesClient admin;
  static final Map<String, KubernetesClient> clients = new LinkedHashMap<>();
  static final Map<String, String> tokens = new LinkedHashMap<>();
  static final List<String> setupProblems = new ArrayList<>();
  static final String id = UUID.randomUUID().toString().substring(0, 4);
  static final String plain = "priv-plain-" + id;
  static final String provider = "priv-p-" + id;
  static final String tenant = "priv-t-" + id;
  static final String otherTenant = "priv-t2-" + id;
  static final String fixture = "priv-" + id;
  static final String hubGroup = provider + ".hub.kubecarrier.io";
  static final String foreignGroup = fixture + ".example.com";
  static final String foreignCrd = "widgets." + foreignGroup;
  static final String foreignHubCrd = "gadgets." + hubGroup;
  static final String foreignPolicy = "priv-foreign-" + id;

  @BeforeAll
  static void fixtures() {
    hub = SharedHub.get();
    management = hub.management();
    admin = management.adminClient();
    for (String op : Hub.OPERATORS) {
      String token = management.serviceAccountToken(SYSTEM, op, Duration.ofMinutes(30));
      tokens.put(op, token);
      clients.put(op, management.client(token));
    }
    // as the platform admin: a plain namespace, Secrets and Leases where no operator belongs
    apply(
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: %s}
        """
            .formatted(plain));
    for (String ns : List.of(plain, "kube-system", SYSTEM)) {
      apply(secret(ns, ns.equals(plain) ? "plain-secret" : fixture, Map.of()));
    }
    for (String ns : List.of("kube-system", "kube-node-lease")) {
      apply(
          """
          apiVersion: coordination.k8s.io/v1
          kind: Lease
          metadata: {name: %s, namespace: %s}
          spec: {holderIdentity: someone-else, leaseDurationSeconds: 15}
          """
              .formatted(fixture, ns));
    }
    // a Role in kube-system with a rule the catalog operator holds (so only the policy can stop
    // it binding that Role there)
    apply(role("kube-system", fixture, rule("catalog.kubecarrier.io", "catalogentries", "get")));
    // a foreign CRD, a CRD in the hub domain that is not ours, a foreign admission policy
    apply(crd("widgets", foreignGroup, Map.of()));
    apply(crd("gadgets", hubGroup, Map.of()));
    apply(
        """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicy
        metadata: {name: %1$s}
        spec:
          failurePolicy: Fail
          matchConstraints:
            resourceRules:
            - {apiGroups: [""], apiVersions: [v1], operations: [CREATE], resources: [configmaps]}
          validations:
          - expression: "true"
        """
            .formatted(foreignPolicy));
    apply(
        """
        apiVersion: admissionregistration.k8s.io/v1
        kind: ValidatingAdmissionPolicyBinding
        metadata: {name: %1$s}
        spec:
          policyName: %1$s
          validationActions: [Deny]
          matchResources:
            namespaceSelector:
              matchLabels: {priv-no-namespace-has-this: "x"}
        """
            .formatted(foreignPolicy));
    // accounts, through the real account operator: their namespaces are account namespaces
    Walkthrough.apply(admin, Walkthrough.account(provider, "Provider", provider + "-admin", "p"));
    Walkthrough.apply(admin, Walkthrough.account(tenant, "Tenant", tenant + "-user", "t"));
    Walkthrough.apply(
        admin, Walkthrough.account(otherTenant, "Tenant", otherTenant + "-user", "t2"));
    clients.put(TU, management.impersonating(tenant + "-user"));
    for (String account : List.of(provider, tenant, otherTenant)) {
      try {
        Walkthrough.awaitReady(admin, CATALOG, "Account", null, account);
      } catch (AssertionError e) {
        // the matrix still runs (it needs the namespace only) and reports this
        setupProblems.add(firstLine(String.valueOf(e.getMessage())));
        await("namespace " + account)
            .atMost(TIMEOUT)
            .until(() -> admin.namespaces().withName(account).get() != null);
      }
    }
    apply(secret(provider, "eu-west-1-kubeconfig", Map.of()));
    apply(secret(tenant, "own-secret", Map.of()));
    apply(configMap(tenant, "own-config", Map.of()));
    // the per-namespace RoleBindings the account operator creates reach the authorizer a moment
    // later; wait for them, but let the matrix report it if they never come
    awaitAllowed(CR, "get", "secrets", provider);
    awaitAllowed(PA, "get", "secrets", provider);
    awaitAllowed(PA, "create", "secrets", tenant);
  }

  @AfterAll
  static void cleanUp() {
    if (admin == null) {
      return;
    }
    clients.values().forEach(KubernetesClient::close);
    for (String account : List.of(provider, tenant, otherTenant)) {
      admin.genericKubernetesResources(CATALOG, "Account").withName(account).delete();
    }
    admin.namespaces().withName(plain).delete();
    for (String ns : List.of("kube-system", SYSTEM)) {
      admin.secrets().inNamespace(ns).withName(fixture).delete();
    }
    for (String ns : List.of("kube-system", "kube-node-lease")) {
      admin.leases().inNamespace(ns).withName(fixture).delete();
    }
    admin.rbac().roles().inNamespace("kube-system").withName(fixture).delete();
    for (String crd : List.of(foreignCrd, foreignHubCrd)) {
      admin.apiextensions().v1().customResourceDefinitions().withName(crd).delete();
    }
    admin
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicyBindings()
        .withName(foreignPolicy)
        .delete();
    admin
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicies()
        .withName(foreignPolicy)
        .delete();
    for (String account : List.of(provider, tenant, otherTenant)) {
      await("Account " + account + " gone")
          .atMost(TIMEOUT)
          .until(
              () ->
                  admin.genericKubernetesResources(CATALOG, "Account").withName(account).get()
                      == null);
    }
  }

  @Test
  void eachOperatorIsRefusedWhatItsJobDoesNotNeed() {
    List<Attempt> matrix = matrix();
    SoftAssertions softly = new SoftAssertions();
    List<String> lines = new ArrayList<>();
    int refused = 0;
    int allowed = 0;
    for (Attempt a : matrix) {
      Outcome o = attempt(a);
      boolean ok;
      if (a.positive()) {
        ok = o.code() < 300;
        softly
            .assertThat(o.code())
            .as("%s must be allowed (positive control), but: %s", a.name(), o.message())
            .isLessThan(300);
        allowed += ok ? 1 : 0;
      } else {
        ok = o.refused() && a.refusedBy().contains(o.source());
        softly
            .assertThat(o.refused())
            .as(
                "%s must be refused by the API server, but was %s: %s",
                a.name(), o.code(), o.message())
            .isTrue();
        if (o.refused()) {
          softly
              .assertThat(o.source())
              .as(
                  "%s is refused, but by %s, expected %s: %s",
                  a.name(), o.source(), a.refusedBy(), o.message())
              .isIn(a.refusedBy());
        }
        refused += ok ? 1 : 0;
      }
      lines.add(
          "%-5s %-3s %-9s %-110s | %s"
              .formatted(
                  ok ? "ok" : "WRONG",
                  o.code(),
                  o.source(),
                  (a.positive() ? "[may] " : "") + a.name(),
                  o.message()));
    }
    long denials = matrix.stream().filter(a -> !a.positive()).count();
    System.out.printf(
        "%nPRIVILEGE MATRIX: %d attempts that must be refused (%d are), %d positive controls"
            + " (%d allowed)%n",
        denials, refused, matrix.size() - denials, allowed);
    System.out.printf("%-5s %-3s %-9s %-110s | %s%n", "", "code", "by", "attempt", "message");
    lines.forEach(System.out::println);
    System.out.println();
    assertThat(denials).as("attempts that must be refused").isGreaterThanOrEqualTo(40);
    softly.assertThat(setupProblems).as("fixtures: the accounts became Ready").isEmpty();
    softly.assertAll();
  }

  // ---- the matrix -----------------------------------------------------------------------------

  List<Attempt> matrix() {
    List<Attempt> m = new ArrayList<>();
    String aoPolicy = confinePolicy(AO);
    String coPolicy = confinePolicy(CO);

    // --- every operator: the cluster's crown jewels ---
    for (String op : Hub.OPERATORS) {
      String other = op.equals(CO) ? AO : CO;
      String own = ownClusterRole(op);
      m.add(
          deny(
              op,
              "escalate: update its own ClusterRole " + own + " to */*/*",
              BY_RBAC,
              c -> update(c, withRule(own, all()))));
      m.add(
          deny(
              op,
              "update ClusterRole cluster-admin",
              BY_RBAC,
              c ->
                  update(
                      c, labelled(admin.rbac().clusterRoles().withName("cluster-admin").get()))));
      m.add(
          deny(
              op,
              "create a ClusterRoleBinding of cluster-admin to itself",
              BY_RBAC,
              c -> create(c, clusterRoleBinding("priv-" + op, "cluster-admin", op))));
      m.add(
          deny(
              op,
              "impersonate the cluster admin (kc-admin)",
              BY_RBAC,
              c -> {
                Config config = management.config(tokens.get(op));
                config.setImpersonateUsername(KubeCluster.ADMIN_USER);
                config.setImpersonateGroups("system:masters");
                try (KubernetesClient asAdmin =
                    new KubernetesClientBuilder().withConfig(config).build()) {
                  asAdmin.namespaces().list();
                }
              }));
      m.add(
          deny(
              op,
              "mint a token for " + other + "'s ServiceAccount",
              BY_RBAC,
              c ->
                  c.serviceAccounts()
                      .inNamespace(SYSTEM)
                      .withName(other)
                      .tokenRequest(
                          new TokenRequestBuilder()
                              .withNewSpec()
                              .withExpirationSeconds(600L)
                              .endSpec()
                              .build())));
      m.add(
          deny(
              op,
              "create a Pod in " + SYSTEM + " (it would run with any operator's token)",
              BY_RBAC,
              c ->
                  create(
                      c,
                      """
                      apiVersion: v1
                      kind: Pod
                      metadata: {name: priv-pod, namespace: %s}
                      spec:
                        serviceAccountName: %s
                        containers: [{name: c, image: busybox}]
                      """
                          .formatted(SYSTEM, other))));
      m.add(
          deny(
              op,
              "create a MutatingWebhookConfiguration (would see every request)",
              BY_RBAC,
              c ->
                  create(
                      c,
                      """
                      apiVersion: admissionregistration.k8s.io/v1
                      kind: MutatingWebhookConfiguration
                      metadata: {name: priv-%s}
                      webhooks: []
                      """
                          .formatted(op))));
      m.add(
          deny(
              op,
              "get a Secret in kube-system",
              BY_RBAC,
              c -> c.secrets().inNamespace("kube-system").withName(fixture).get()));
      m.add(
          deny(
              op,
              "get a Secret in the operators' namespace " + SYSTEM,
              BY_RBAC,
              c -> c.secrets().inNamespace(SYSTEM).withName(fixture).get()));
      m.add(
          deny(
              op,
              "get a Secret in a plain (non-account) namespace",
              BY_RBAC,
              c -> c.secrets().inNamespace(plain).withName("plain-secret").get()));
      m.add(
          deny(op, "list Secrets cluster-wide", BY_RBAC, c -> c.secrets().inAnyNamespace().list()));
      m.add(
          deny(
              op,
              "update a kube-system Lease",
              BY_RBAC,
              c ->
                  update(
                      c,
                      labelled(
                          admin.leases().inNamespace("kube-system").withName(fixture).get()))));
      m.add(
          deny(
              op,
              "patch a node Lease in kube-node-lease",
              BY_RBAC,
              c ->
                  patch(
                      c,
                      "coordination.k8s.io/v1",
                      "leases",
                      "kube-node-lease",
                      fixture,
                      "{\"spec\":{\"holderIdentity\":\"priv\"}}")));
      m.add(
          deny(
              op,
              "patch another operator's Lease in " + SYSTEM + " (" + leaseOf(other) + ")",
              BY_RBAC,
              c ->
                  patch(
                      c,
                      "coordination.k8s.io/v1",
                      "leases",
                      SYSTEM,
                      leaseOf(other),
                      "{\"spec\":{\"holderIdentity\":\"priv\"}}")));
    }

    // --- account-operator: Namespaces and RoleBindings, confined to account namespaces ---
    m.add(
        deny(
            AO,
            "delete namespace kube-system",
            BY_POLICY_OR_LIFECYCLE,
            c -> delete(c.namespaces().withName("kube-system"))));
    m.add(
        deny(
            AO,
            "delete namespace default",
            BY_POLICY_OR_LIFECYCLE,
            c -> delete(c.namespaces().withName("default"))));
    m.add(
        deny(
            AO,
            "delete namespace " + SYSTEM,
            BY_POLICY,
            c -> delete(c.namespaces().withName(SYSTEM))));
    m.add(
        deny(
            AO,
            "delete namespace kube-node-lease",
            BY_POLICY,
            c -> delete(c.namespaces().withName("kube-node-lease"))));
    m.add(
        deny(
            AO,
            "delete a plain (non-account) namespace",
            BY_POLICY,
            c -> delete(c.namespaces().withName(plain))));
    m.add(
        deny(
            AO,
            "create a namespace without the account label",
            BY_POLICY,
            c -> create(c, namespace("priv-unlabelled-" + id, Map.of()))));
    m.add(
        deny(
            AO,
            "create a namespace labelled as another operator's",
            BY_POLICY,
            c -> create(c, namespace("priv-theirs-" + id, Map.of(MANAGED_BY, CO)))));
    m.add(
        deny(
            AO,
            "remove the managed-by label from an account namespace",
            BY_POLICY,
            c ->
                patch(
                    c,
                    "v1",
                    "namespaces",
                    null,
                    tenant,
                    "{\"metadata\":{\"labels\":{\"" + MANAGED_BY + "\":null}}}")));
    m.add(
        deny(
            AO,
            "adopt a plain namespace (add the account label)",
            BY_POLICY,
            c ->
                patch(
                    c,
                    "v1",
                    "namespaces",
                    null,
                    plain,
                    "{\"metadata\":{\"labels\":{\"" + MANAGED_BY + "\":\"account-operator\"}}}")));
    m.add(
        deny(
            AO,
            "adopt " + SYSTEM + " as an account namespace",
            BY_POLICY,
            c ->
                patch(
                    c,
                    "v1",
                    "namespaces",
                    null,
                    SYSTEM,
                    "{\"metadata\":{\"labels\":{\"" + MANAGED_BY + "\":\"account-operator\"}}}")));
    m.add(
        deny(
            AO,
            "create a RoleBinding of cluster-admin in an account namespace",
            BY_EITHER,
            c ->
                create(
                    c,
                    roleBinding(tenant, "priv-admin", "ClusterRole", "cluster-admin", "mallory"))));
    m.add(
        deny(
            AO,
            "create a RoleBinding of ClusterRole admin in an account namespace",
            BY_EITHER,
            c -> create(c, roleBinding(tenant, "priv-admin", "ClusterRole", "admin", "mallory"))));
    m.add(
        deny(
            AO,
            "create a RoleBinding of kubecarrier:tenant in kube-system",
            BY_POLICY,
            c ->
                create(
                    c,
                    roleBinding(
                        "kube-system",
                        "priv-tenant",
                        "ClusterRole",
                        "kubecarrier:tenant",
                        "mallory"))));
    m.add(
        deny(
            AO,
            "create a RoleBinding of kubecarrier:provider in a plain namespace",
            BY_POLICY,
            c ->
                create(
                    c,
                    roleBinding(
                        plain,
                        "priv-provider",
                        "ClusterRole",
                        "kubecarrier:provider",
                        "mallory"))));
    m.add(
        deny(
            AO,
            "bind propagation-agent-copies in " + SYSTEM + " (Secrets of the operators)",
            BY_EITHER,
            c ->
                create(
                    c,
                    roleBinding(
                        SYSTEM,
                        "priv-copies",
                        "ClusterRole",
                        "propagation-agent-copies",
                        "mallory"))));
    m.add(
        deny(
            AO,
            "create a RoleBinding of catalog-operator-tenant-crds in an account namespace",
            BY_EITHER,
            c ->
                create(
                    c,
                    roleBinding(
                        tenant,
                        "priv-crds",
                        "ClusterRole",
                        "catalog-operator-tenant-crds",
                        "mallory"))));
    m.add(
        deny(
            AO,
            "create a CRD",
            BY_RBAC,
            c -> create(c, crd("things", hubGroup, Map.of(MANAGED_BY, CO)))));
    m.add(
        deny(
            AO,
            "delete the confinement policy " + aoPolicy,
            BY_RBAC,
            c ->
                delete(
                    c.admissionRegistration()
                        .v1()
                        .validatingAdmissionPolicies()
                        .withName(aoPolicy))));
    m.add(
        deny(
            AO,
            "get a Secret in an account namespace",
            BY_RBAC,
            c -> c.secrets().inNamespace(tenant).withName("own-secret").get()));
    m.add(
        allow(
            AO,
            "create an account namespace (labelled managed-by=account-operator)",
            c ->
                create(
                    c,
                    namespace(
                        "priv-account-" + id,
                        Map.of(MANAGED_BY, "account-operator", ACCOUNT, "priv-account-" + id)))));
    m.add(
        allow(
            AO,
            "bind kubecarrier:tenant in an account namespace",
            c ->
                create(
                    c,
                    roleBinding(
                        tenant, "priv-tenant", "ClusterRole", "kubecarrier:tenant", "someone"))));
    m.add(
        allow(
            AO,
            "annotate an account namespace",
            c ->
                patch(
                    c,
                    "v1",
                    "namespaces",
                    null,
                    tenant,
                    "{\"metadata\":{\"annotations\":{\"priv\":\"x\"}}}")));

    // --- catalog-operator: CRDs, admission policies, the tenant ClusterRoles, Roles ---
    m.add(
        deny(
            CO,
            "escalate: update its own catalog-operator-tenant-crds to */*/*",
            BY_POLICY,
            c -> update(c, withRule("catalog-operator-tenant-crds", all()))));
    m.add(
        deny(
            CO,
            "escalate: give itself delete on a foreign admission policy by name",
            BY_POLICY,
            c ->
                update(
                    c,
                    withRule(
                        "catalog-operator-tenant-crds",
                        new PolicyRuleBuilder(
                                rule(
                                    "admissionregistration.k8s.io",
                                    "validatingadmissionpolicies",
                                    "delete"))
                            .withResourceNames(foreignPolicy)
                            .build()))));
    m.add(
        deny(
            CO,
            "escalate: give itself delete on every admission policy (no names)",
            BY_POLICY,
            c ->
                update(
                    c,
                    withRule(
                        "catalog-operator-tenant-crds",
                        rule(
                            "admissionregistration.k8s.io",
                            "validatingadmissionpolicies",
                            "delete")))));
    m.add(
        allow(
            CO,
            "empty catalog-operator-tenant-crds (its last tenant CRD is gone)",
            c -> {
              ClusterRole r = fresh("catalog-operator-tenant-crds");
              r.setRules(List.of());
              update(c, r);
            }));
    m.add(
        deny(
            CO,
            "escalate: add get secrets (core group) to catalog-operator-tenant-crds",
            BY_POLICY,
            c ->
                update(
                    c,
                    withRule("catalog-operator-tenant-crds", rule("", "secrets", "get", "list")))));
    m.add(
        deny(
            CO,
            "escalate: add clusterroles * (rbac group) to catalog-operator-tenant-crds",
            BY_POLICY,
            c ->
                update(
                    c,
                    withRule(
                        "catalog-operator-tenant-crds",
                        rule("rbac.authorization.k8s.io", "clusterroles", "*")))));
    m.add(
        deny(
            CO,
            "escalate: add nonResourceURLs * to catalog-operator-tenant-crds",
            BY_POLICY,
            c ->
                update(
                    c,
                    withRule(
                        "catalog-operator-tenant-crds",
                        new PolicyRuleBuilder()
                            .withNonResourceURLs("*")
                            .withVerbs("get")
                            .build()))));
    m.add(
        deny(
            CO,
            "escalate: an aggregationRule on catalog-operator-tenant-crds that pulls in admin's rules",
            BY_POLICY,
            c -> {
              ClusterRole r = fresh("catalog-operator-tenant-crds");
              r.setAggregationRule(
                  new io.fabric8.kubernetes.api.model.rbac.AggregationRuleBuilder()
                      .addNewClusterRoleSelector()
                      .addToMatchLabels("rbac.authorization.k8s.io/aggregate-to-admin", "true")
                      .endClusterRoleSelector()
                      .build());
              update(c, r);
            }));
    m.add(
        deny(
            CO,
            "escalate: a hub-domain rule with verb * on catalog-operator-tenant-crds",
            BY_POLICY,
            c ->
                update(
                    c, withRule("catalog-operator-tenant-crds", rule(hubGroup, "things", "*")))));
    m.add(
        deny(
            CO,
            "escalate: a hub-domain rule with verb impersonate on catalog-operator-tenant-crds",
            BY_POLICY,
            c ->
                update(
                    c,
                    withRule(
                        "catalog-operator-tenant-crds", rule(hubGroup, "things", "impersonate")))));
    m.add(
        deny(
            CO,
            "grant the agent Secrets cluster-wide through kubecarrier:tenant-instances",
            BY_POLICY,
            c ->
                update(
                    c,
                    withRule("kubecarrier:tenant-instances", rule("", "secrets", "get", "list")))));
    m.add(
        deny(
            CO,
            "grant the account operator * through kubecarrier:tenant-instances-read",
            BY_POLICY,
            c -> update(c, withRule("kubecarrier:tenant-instances-read", all()))));
    m.add(
        deny(
            CO,
            "patch catalog-operator-tenant-crds (it may only update it)",
            BY_EITHER,
            c ->
                patch(
                    c,
                    "rbac.authorization.k8s.io/v1",
                    "clusterroles",
                    null,
                    "catalog-operator-tenant-crds",
                    "{\"metadata\":{\"labels\":{\"priv\":\"x\"}}}")));
    m.add(
        deny(
            CO,
            "create a ClusterRole aggregated into the propagation agent's",
            BY_RBAC,
            c ->
                create(
                    c,
                    """
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: ClusterRole
                    metadata:
                      name: priv-aggregated-%s
                      labels: {kubecarrier.io/aggregate-to-propagation-agent: "true"}
                    rules:
                    - {apiGroups: [""], resources: [secrets], verbs: [get]}
                    """
                        .formatted(id))));
    m.add(
        deny(
            CO,
            "create a CRD outside the tenant domain (" + foreignGroup + "), labelled as ours",
            BY_POLICY,
            c -> create(c, crd("things", foreignGroup, Map.of(MANAGED_BY, CO)))));
    m.add(
        deny(
            CO,
            "create a CRD in the hub domain without our label",
            BY_POLICY,
            c -> create(c, crd("things", hubGroup, Map.of()))));
    m.add(
        deny(
            CO,
            "create a CRD in a look-alike group (" + provider + "hub.kubecarrier.io)",
            BY_POLICY,
            c ->
                create(c, crd("things", provider + "hub.kubecarrier.io", Map.of(MANAGED_BY, CO)))));
    m.add(
        deny(
            CO,
            "delete a foreign CRD (" + foreignCrd + ")",
            BY_POLICY,
            c -> delete(c.apiextensions().v1().customResourceDefinitions().withName(foreignCrd))));
    m.add(
        deny(
            CO,
            "delete KubeCarrier's own CRD accounts.catalog.kubecarrier.io",
            BY_POLICY,
            c ->
                delete(
                    c.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .withName("accounts.catalog.kubecarrier.io"))));
    m.add(
        deny(
            CO,
            "adopt an unlabelled hub-domain CRD (add our label)",
            BY_POLICY,
            c ->
                patch(
                    c,
                    "apiextensions.k8s.io/v1",
                    "customresourcedefinitions",
                    null,
                    foreignHubCrd,
                    "{\"metadata\":{\"labels\":{\"" + MANAGED_BY + "\":\"catalog-operator\"}}}")));
    m.add(
        deny(
            CO,
            "delete a foreign ValidatingAdmissionPolicy",
            BY_RBAC,
            c ->
                delete(
                    c.admissionRegistration()
                        .v1()
                        .validatingAdmissionPolicies()
                        .withName(foreignPolicy))));
    m.add(
        deny(
            CO,
            "update a foreign ValidatingAdmissionPolicy",
            BY_RBAC,
            c ->
                update(
                    c,
                    labelled(
                        admin
                            .admissionRegistration()
                            .v1()
                            .validatingAdmissionPolicies()
                            .withName(foreignPolicy)
                            .get()))));
    m.add(
        deny(
            CO,
            "delete a foreign ValidatingAdmissionPolicyBinding",
            BY_RBAC,
            c ->
                delete(
                    c.admissionRegistration()
                        .v1()
                        .validatingAdmissionPolicyBindings()
                        .withName(foreignPolicy))));
    m.add(
        deny(
            CO,
            "delete the confinement policy " + coPolicy,
            BY_RBAC,
            c ->
                delete(
                    c.admissionRegistration()
                        .v1()
                        .validatingAdmissionPolicies()
                        .withName(coPolicy))));
    m.add(
        deny(
            CO,
            "delete the binding of the confinement policy " + coPolicy,
            BY_RBAC,
            c ->
                delete(
                    c.admissionRegistration()
                        .v1()
                        .validatingAdmissionPolicyBindings()
                        .withName(coPolicy))));
    m.add(
        deny(
            CO,
            "delete the account operator's confinement policy " + aoPolicy,
            BY_RBAC,
            c ->
                delete(
                    c.admissionRegistration()
                        .v1()
                        .validatingAdmissionPolicies()
                        .withName(aoPolicy))));
    // Creating a policy of any name stays possible (RBAC cannot limit create by name, admission
    // never runs on admission policies): a new policy can only refuse more (docs/security.md).
    m.add(
        deny(
            CO,
            "create a RoleBinding of cluster-admin in an account namespace",
            BY_EITHER,
            c ->
                create(
                    c,
                    roleBinding(tenant, "priv-admin", "ClusterRole", "cluster-admin", "mallory"))));
    m.add(
        deny(
            CO,
            "bind its own ClusterRole catalog-operator-tenant-crds to a tenant in an account namespace",
            BY_POLICY,
            c ->
                create(
                    c,
                    roleBinding(
                        tenant,
                        "priv-crds",
                        "ClusterRole",
                        "catalog-operator-tenant-crds",
                        "mallory"))));
    m.add(
        deny(
            CO,
            "create a Role in kube-system (with rules it holds itself)",
            BY_POLICY,
            c ->
                create(
                    c,
                    role(
                        "kube-system",
                        "priv-role",
                        rule("catalog.kubecarrier.io", "catalogentries", "get")))));
    m.add(
        deny(
            CO,
            "create a Role granting Secrets in an account namespace",
            BY_EITHER,
            c -> create(c, role(tenant, "priv-secrets", rule("", "secrets", "get", "list")))));
    m.add(
        deny(
            CO,
            "create a RoleBinding in kube-system (of a Role with rules it holds)",
            BY_EITHER,
            c -> create(c, roleBinding("kube-system", "priv-rb", "Role", fixture, "mallory"))));
    m.add(
        deny(
            CO,
            "create a Namespace",
            BY_RBAC,
            c -> create(c, namespace("priv-co-" + id, Map.of(MANAGED_BY, "account-operator")))));
    m.add(
        allow(
            CO,
            "create a CRD in the hub domain labelled managed-by=catalog-operator",
            c -> create(c, crd("things", hubGroup, Map.of(MANAGED_BY, CO)))));
    m.add(
        allow(
            CO,
            "update catalog-operator-tenant-crds with a tenant-domain rule",
            c -> {
              ClusterRole r = fresh("catalog-operator-tenant-crds");
              r.setRules(new ArrayList<>(List.of(rule(hubGroup, "things", "get", "list"))));
              update(c, r);
            }));
    m.add(
        allow(
            CO,
            "create a region policy kubecarrier-region.* labelled as ours",
            c ->
                create(
                    c,
                    """
                    apiVersion: admissionregistration.k8s.io/v1
                    kind: ValidatingAdmissionPolicy
                    metadata:
                      name: kubecarrier-region.things.%s
                      labels: {kubecarrier.io/managed-by: catalog-operator}
                    spec:
                      matchConstraints:
                        resourceRules:
                        - {apiGroups: ["%s"], apiVersions: ["*"], operations: [CREATE], resources: [things]}
                      validations:
                      - expression: "true"
                    """
                        .formatted(hubGroup, hubGroup))));

    // --- cluster-registry: kubeconfig Secrets of provider namespaces, read only ---
    m.add(
        deny(
            CR,
            "get a Secret in a tenant account namespace",
            BY_RBAC,
            c -> c.secrets().inNamespace(tenant).withName("own-secret").get()));
    m.add(
        deny(
            CR,
            "list Secrets in a provider account namespace",
            BY_RBAC,
            c -> c.secrets().inNamespace(provider).list()));
    m.add(
        deny(
            CR,
            "overwrite a provider's kubeconfig Secret",
            BY_RBAC,
            c ->
                patch(
                    c,
                    "v1",
                    "secrets",
                    provider,
                    "eu-west-1-kubeconfig",
                    "{\"metadata\":{\"labels\":{\"priv\":\"x\"}}}")));
    m.add(
        deny(
            CR,
            "create a RoleBinding in an account namespace",
            BY_RBAC,
            c ->
                create(
                    c,
                    roleBinding(
                        provider, "priv-rb", "ClusterRole", "kubecarrier:provider", "mallory"))));
    m.add(
        deny(CR, "delete a plain namespace", BY_RBAC, c -> delete(c.namespaces().withName(plain))));
    m.add(
        allow(
            CR,
            "get a kubeconfig Secret in a provider account namespace",
            c ->
                require(c.secrets().inNamespace(provider).withName("eu-west-1-kubeconfig").get())));

    // --- propagation-agent: connection Secret copies in tenant namespaces, kubeconfigs read ---
    m.add(
        deny(
            PA,
            "overwrite a tenant's own Secret (no managed-by label)",
            BY_POLICY,
            c ->
                patch(
                    c,
                    "v1",
                    "secrets",
                    tenant,
                    "own-secret",
                    "{\"stringData\":{\"password\":\"stolen\"}}")));
    m.add(
        deny(
            PA,
            "adopt a tenant's own Secret (add the agent's label)",
            BY_POLICY,
            c ->
                patch(
                    c,
                    "v1",
                    "secrets",
                    tenant,
                    "own-secret",
                    "{\"metadata\":{\"labels\":{\"" + MANAGED_BY + "\":\"propagation-agent\"}}}")));
    m.add(
        deny(
            PA,
            "delete a tenant's own Secret",
            BY_POLICY,
            c -> delete(c.secrets().inNamespace(tenant).withName("own-secret"))));
    m.add(
        deny(
            PA,
            "create an unlabelled Secret in a tenant account namespace",
            BY_POLICY,
            c -> create(c, secret(tenant, "priv-unlabelled", Map.of()))));
    m.add(
        deny(
            PA,
            "create a Secret in a plain namespace (even labelled as its own)",
            BY_RBAC,
            c -> create(c, secret(plain, "priv-copy", Map.of(MANAGED_BY, PA)))));
    m.add(
        deny(
            PA,
            "create a Secret in kube-system",
            BY_RBAC,
            c -> create(c, secret("kube-system", "priv-copy", Map.of(MANAGED_BY, PA)))));
    m.add(
        deny(
            PA,
            "list Secrets in a provider account namespace",
            BY_RBAC,
            c -> c.secrets().inNamespace(provider).list()));
    m.add(
        allow(
            PA,
            // the sources of related resources copied down, watched per tenant namespace
            "list Secrets and ConfigMaps in a tenant account namespace",
            c -> {
              c.secrets().inNamespace(tenant).list();
              c.configMaps().inNamespace(tenant).list();
            }));
    m.add(
        deny(
            PA,
            "overwrite a tenant's own ConfigMap (no managed-by label)",
            BY_POLICY,
            c ->
                patch(
                    c, "v1", "configmaps", tenant, "own-config", "{\"data\":{\"k\":\"stolen\"}}")));
    m.add(
        deny(
            PA,
            "delete a tenant's own ConfigMap",
            BY_POLICY,
            c -> delete(c.configMaps().inNamespace(tenant).withName("own-config"))));
    m.add(
        deny(
            PA,
            "create an unlabelled ConfigMap in a tenant account namespace",
            BY_POLICY,
            c -> create(c, configMap(tenant, "priv-unlabelled", Map.of()))));
    m.add(
        deny(
            PA,
            // its Secret roles are bound in every account namespace (HubAccess): RBAC lets it write
            // there, its policy lets it write only Secrets it labelled
            "overwrite a provider's kubeconfig Secret",
            BY_EITHER,
            c ->
                patch(
                    c,
                    "v1",
                    "secrets",
                    provider,
                    "eu-west-1-kubeconfig",
                    "{\"stringData\":{\"kubeconfig\":\"stolen\"}}")));
    m.add(
        deny(
            PA,
            "update its own aggregated ClusterRole propagation-agent-instances",
            BY_RBAC,
            c -> update(c, labelled(fresh("propagation-agent-instances")))));
    m.add(
        allow(
            PA,
            "get a kubeconfig Secret in a provider account namespace",
            c ->
                require(c.secrets().inNamespace(provider).withName("eu-west-1-kubeconfig").get())));
    m.add(
        allow(
            PA,
            "create a connection Secret copy (managed-by=propagation-agent) in a tenant namespace",
            c -> create(c, secret(tenant, "priv-copy", Map.of(MANAGED_BY, PA)))));

    // a Tenant account's user: its own Secrets and ConfigMaps (related resources it hands its
    // instances), in its own namespace only
    m.add(
        allow(
            TU,
            "write a Secret and a ConfigMap in its own namespace",
            c -> {
              create(c, secret(tenant, "priv-tenant-own", Map.of()));
              create(c, configMap(tenant, "priv-tenant-own", Map.of()));
              patch(c, "v1", "configmaps", tenant, "own-config", "{\"data\":{\"k\":\"mine\"}}");
              delete(c.secrets().inNamespace(tenant).withName("own-secret"));
            }));
    m.add(
        deny(
            TU,
            "write a Secret in another tenant's namespace",
            BY_RBAC,
            c -> create(c, secret(otherTenant, "priv-tenant-foreign", Map.of()))));
    m.add(
        deny(
            TU,
            "write a ConfigMap in another tenant's namespace",
            BY_RBAC,
            c -> create(c, configMap(otherTenant, "priv-tenant-foreign", Map.of()))));
    m.add(
        deny(
            TU,
            "write a Secret in a provider account namespace",
            BY_RBAC,
            c -> create(c, secret(provider, "priv-tenant-foreign", Map.of()))));
    return m;
  }

  // ---- running one attempt ----------------------------------------------------------------------

  static Outcome attempt(Attempt a) {
    try {
      a.action().run(clients.get(a.identity()));
      return new Outcome(200, Source.NONE, "allowed");
    } catch (KubernetesClientException e) {
      String message =
          e.getStatus() != null && e.getStatus().getMessage() != null
              ? e.getStatus().getMessage()
              : String.valueOf(e.getMessage());
      return new Outcome(e.getCode(), source(e.getCode(), message), firstLine(message));
    } catch (RuntimeException e) {
      return new Outcome(-1, Source.NONE, firstLine(e.toString()));
    }
  }

  static Source source(int code, String message) {
    if (code != 403 && code != 422 && code != 400) {
      return Source.NONE;
    }
    if (message.contains("ValidatingAdmissionPolicy 'kubecarrier-confine-")) {
      return Source.POLICY;
    }
    // the RBAC authorizer: 'User "<name>" cannot <verb> ...' (a ServiceAccount or a person)
    if ((message.contains("User \"") && message.contains(" cannot "))
        || message.contains("attempting to grant RBAC permissions not currently held")) {
      return Source.RBAC;
    }
    if (message.contains("may not be deleted")) {
      return Source.LIFECYCLE;
    }
    return Source.OTHER;
  }

  static String firstLine(String message) {
    String line = message.lines().findFirst().orElse("").strip();
    return line.length() > 220 ? line.substring(0, 220) + "..." : line;
  }

  // ---- requests (every write a dry run) ------------------------------------------------------

  static void create(KubernetesClient c, String yaml) {
    c.resource(yaml).dryRun().create();
  }

  static void update(KubernetesClient c, HasMetadata object) {
    c.resource(object).dryRun().update();
  }

  /**
   * A JSON merge patch (dry run), sent as is: fabric8's patch reads the object first, which would
   * test {@code get} instead of {@code patch}.
   */
  static void patch(
      KubernetesClient c,
      String apiVersion,
      String plural,
      String ns,
      String name,
      String mergePatch) {
    String path =
        (apiVersion.contains("/") ? "/apis/" : "/api/")
            + apiVersion
            + (ns == null ? "" : "/namespaces/" + ns)
            + "/"
            + plural
            + "/"
            + name
            + "?dryRun=All";
    String url = c.getMasterUrl().toString().replaceAll("/$", "") + path;
    HttpClient http = c.getHttpClient();
    HttpResponse<String> response;
    try {
      response =
          http.sendAsync(
                  http.newHttpRequestBuilder()
                      .uri(url)
                      .method("PATCH", "application/merge-patch+json", mergePatch)
                      .build(),
                  String.class)
              .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("PATCH " + path + ": " + e, e);
    }
    if (response.code() >= 300) {
      Status status;
      try {
        status = Serialization.unmarshal(response.body(), Status.class);
      } catch (RuntimeException e) {
        status = null;
      }
      throw new KubernetesClientException(
          status != null && status.getMessage() != null ? status.getMessage() : response.body(),
          response.code(),
          status);
    }
  }

  /**
   * Deletes (dry run); a 404 is reported as such: the request passed authorization, so it was not
   * refused.
   */
  static void delete(Resource<?> r) {
    if (r.dryRun().delete().isEmpty()) {
      throw new KubernetesClientException(
          "not found: the delete passed authorization and was not refused", 404, null);
    }
  }

  static void require(Object found) {
    if (found == null) {
      throw new KubernetesClientException("not found (the fixture is missing)", 404, null);
    }
  }

  // ---- objects --------------------------------------------------------------------------------

  static void apply(String yaml) {
    Walkthrough.apply(admin, yaml);
  }

  static Attempt deny(String identity, String what, Set<Source> by, Action action) {
    return new Attempt(identity, what, by, action);
  }

  static Attempt allow(String identity, String what, Action action) {
    return new Attempt(identity, what, Set.of(), action);
  }

  /**
   * A ClusterRole with rules of its own that a ClusterRoleBinding grants to the operator's
   * ServiceAccount (the first by name), as installed.
   */
  static String ownClusterRole(String op) {
    return admin.rbac().clusterRoleBindings().list().getItems().stream()
        .filter(
            b ->
                b.getSubjects() != null
                    && b.getSubjects().stream()
                        .anyMatch(
                            s ->
                                "ServiceAccount".equals(s.getKind())
                                    && op.equals(s.getName())
                                    && SYSTEM.equals(s.getNamespace())))
        .map(b -> b.getRoleRef().getName())
        .filter(n -> !n.equals("cluster-admin"))
        .filter(n -> isPlain(admin.rbac().clusterRoles().withName(n).get()))
        .sorted()
        .findFirst()
        .orElse(op + "-cluster-role");
  }

  static boolean isPlain(ClusterRole r) {
    return r != null && r.getAggregationRule() == null;
  }

  /** The Lease of an operator's leader election, in its namespace. */
  static String leaseOf(String op) {
    return op.equals(CR) ? "cluster-registry-leader" : op;
  }

  /**
   * The name of an operator's first confinement policy as installed ({@code
   * kubecarrier-confine-<operator>-*}); a name of that form if there is none (yet).
   */
  static String confinePolicy(String op) {
    return admin
        .admissionRegistration()
        .v1()
        .validatingAdmissionPolicies()
        .list()
        .getItems()
        .stream()
        .map(p -> p.getMetadata().getName())
        .filter(n -> n.startsWith("kubecarrier-confine-" + op))
        .sorted()
        .findFirst()
        .orElse("kubecarrier-confine-" + op);
  }

  static ClusterRole fresh(String name) {
    ClusterRole r = admin.rbac().clusterRoles().withName(name).get();
    if (r == null) {
      throw new KubernetesClientException("ClusterRole " + name + " is not installed", 404, null);
    }
    return r;
  }

  static ClusterRole withRule(String clusterRole, PolicyRule extra) {
    ClusterRole r = fresh(clusterRole);
    List<PolicyRule> rules = new ArrayList<>(r.getRules() == null ? List.of() : r.getRules());
    rules.add(extra);
    r.setRules(rules);
    return r;
  }

  static <T extends HasMetadata> T labelled(T object) {
    if (object == null) {
      throw new KubernetesClientException("fixture missing", 404, null);
    }
    Map<String, String> labels =
        new LinkedHashMap<>(
            object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels());
    labels.put("priv", "x");
    object.getMetadata().setLabels(labels);
    return object;
  }

  static PolicyRule all() {
    return rule("*", "*", "*");
  }

  static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(group)
        .withResources(resource)
        .withVerbs(verbs)
        .build();
  }

  static String namespace(String name, Map<String, String> labels) {
    return """
        apiVersion: v1
        kind: Namespace
        metadata: {name: %s, labels: %s}
        """
        .formatted(name, flow(labels));
  }

  static String secret(String ns, String name, Map<String, String> labels) {
    return """
        apiVersion: v1
        kind: Secret
        metadata: {name: %s, namespace: %s, labels: %s}
        stringData: {password: fixture}
        """
        .formatted(name, ns, flow(labels));
  }

  static String configMap(String ns, String name, Map<String, String> labels) {
    return """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: %s, namespace: %s, labels: %s}
        data: {k: fixture}
        """
        .formatted(name, ns, flow(labels));
  }

  static String crd(String plural, String group, Map<String, String> labels) {
    String kind =
        Character.toUpperCase(plural.charAt(0)) + plural.substring(1, plural.length() - 1);
    return """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: %1$s.%2$s, labels: %3$s}
        spec:
          group: %2$s
          names: {kind: %4$s, listKind: %4$sList, plural: %1$s, singular: %5$s}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """
        .formatted(plural, group, flow(labels), kind, kind.toLowerCase());
  }

  static String roleBinding(String ns, String name, String roleKind, String role, String user) {
    return """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: %s, namespace: %s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: %s, name: "%s"}
        subjects:
        - {apiGroup: rbac.authorization.k8s.io, kind: User, name: %s}
        """
        .formatted(name, ns, roleKind, role, user);
  }

  static String clusterRoleBinding(String name, String role, String serviceAccount) {
    return """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: %s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "%s"}
        subjects:
        - {kind: ServiceAccount, name: %s, namespace: %s}
        """
        .formatted(name, role, serviceAccount, SYSTEM);
  }

  static String role(String ns, String name, PolicyRule rule) {
    return """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: %s, namespace: %s}
        rules:
        - apiGroups: ["%s"]
          resources: %s
          verbs: %s
        """
        .formatted(name, ns, rule.getApiGroups().get(0), rule.getResources(), rule.getVerbs());
  }

  static String flow(Map<String, String> labels) {
    StringBuilder b = new StringBuilder("{");
    labels.forEach(
        (k, v) ->
            b.append(b.length() > 1 ? ", " : "")
                .append('"')
                .append(k)
                .append("\": \"")
                .append(v)
                .append('"'));
    return b.append('}').toString();
  }

  /** Awaits that the authorizer allows {@code op} something (a binding created a moment ago). */
  static void awaitAllowed(String op, String verb, String resource, String ns) {
    Access access = Access.asServiceAccount(management, SYSTEM, op);
    try {
      await(op + " may " + verb + " " + resource + " in " + ns)
          .atMost(Duration.ofSeconds(60))
          .until(() -> access.can(verb, resource, ns));
    } catch (ConditionTimeoutException e) {
      System.out.printf(
          "[privilege] %s may not %s %s in %s: the matrix will tell%n", op, verb, resource, ns);
    }
  }
}
