package io.kubecarrier.testkit.invariants;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The "0 leaked" invariant: nothing of ours outlives what justifies it (docs/lifecycle.md, "Who
 * keeps what alive"). Each method is one rule; {@link #find} applies them all.
 */
final class Leaks {

  private final Observation o;
  private final Scope scope;
  private final List<Violation> out = new ArrayList<>();

  private Leaks(Observation o, Scope scope) {
    this.o = o;
    this.scope = scope;
  }

  static List<Violation> find(Observation o, Scope scope) {
    Leaks l = new Leaks(o, scope);
    l.serviceObjectsWithoutOwner();
    l.serviceNamespacesWithoutAssignment();
    l.assignmentsNeitherPublishedNorHeld();
    l.connectionSecretsWithoutOwner();
    l.downCopiesWithoutInstances();
    l.withdrawnPublicationsWithoutInstances();
    l.tenantsWithoutAccount();
    l.accountNamespacesWithoutAccount();
    return List.copyOf(l.out);
  }

  /** A service object lives while its instance (same uid) exists. */
  private void serviceObjectsWithoutOwner() {
    for (Observation.ServiceObject s : o.serviceObjects()) {
      if (scope.includes(s.owner().namespace())) {
        String why = missingOwner(s.owner());
        if (why != null) {
          leak(s.ref(), why);
        }
      }
    }
  }

  /** A service-side namespace lives while its ServiceClusterAssignment exists. */
  private void serviceNamespacesWithoutAssignment() {
    for (Observation.ServiceNamespace n : o.serviceNamespaces()) {
      if (!scope.includes(n.tenantNamespace(), n.providerNamespace())) {
        continue;
      }
      if (n.providerNamespace() == null || n.assignmentLabel() == null) {
        leak(n.ref(), "names no assignment (owner-namespace or assignment label missing)");
        continue;
      }
      Observation.Assignment a =
          o.assignments().stream()
              .filter(x -> x.provider().equals(n.providerNamespace()))
              .filter(x -> HubLabels.labelValue(x.ref().name()).equals(n.assignmentLabel()))
              .filter(
                  x -> n.serviceCluster() == null || n.serviceCluster().equals(x.serviceCluster()))
              .findFirst()
              .orElse(null);
      if (a == null) {
        leak(
            n.ref(),
            "its ServiceClusterAssignment "
                + n.providerNamespace()
                + "/"
                + n.assignmentLabel()
                + " does not exist");
      } else if (a.recordedNamespace() != null && !a.recordedNamespace().equals(n.ref().name())) {
        leak(
            n.ref(),
            "its ServiceClusterAssignment "
                + a.ref().namespace()
                + "/"
                + a.ref().name()
                + " uses namespace "
                + a.recordedNamespace());
      }
    }
  }

  /**
   * An assignment lives while it is published (its Region is in the tenant namespace) or held by
   * the agent (its finalizer); one being deleted must go unless it is held.
   */
  private void assignmentsNeitherPublishedNorHeld() {
    for (Observation.Assignment a : o.assignments()) {
      if (!scope.includes(a.provider(), a.tenantNamespace()) || a.held()) {
        continue;
      }
      if (a.deleting()) {
        leak(
            a.ref(),
            "being deleted and not held by the propagation agent, but still there (finalizers "
                + a.finalizers()
                + (a.conditions().isEmpty() ? "" : "; conditions:" + a.conditions())
                + ")");
        continue;
      }
      String region = HubLabels.regionName(a.serviceCluster(), a.provider());
      if (!o.hasRegion(a.tenantNamespace(), region)) {
        leak(
            a.ref(),
            "neither published (no Region "
                + a.tenantNamespace()
                + "/"
                + region
                + ") nor held (no finalizer "
                + HubLabels.PROPAGATION_AGENT_FINALIZER
                + ")");
      }
    }
  }

  /** A connection Secret copy lives while its instance (same uid) exists. */
  private void connectionSecretsWithoutOwner() {
    for (Observation.ConnectionSecret s : o.connectionSecrets()) {
      if (scope.includes(s.ref().namespace())) {
        String why = missingOwner(s.owner());
        if (why != null) {
          leak(s.ref(), why);
        }
      }
    }
  }

  /**
   * A related resource copied down lives while some instance of its tenant namespace has a service
   * object in that service namespace (the agent deletes it when none names it any more).
   */
  private void downCopiesWithoutInstances() {
    for (Observation.RelatedCopy c : o.downCopies()) {
      if (c.tenantNamespace() == null || !scope.includes(c.tenantNamespace())) {
        continue;
      }
      boolean used =
          o.serviceObjects().stream()
              .anyMatch(
                  s ->
                      s.ref().cluster().equals(c.ref().cluster())
                          && java.util.Objects.equals(s.ref().namespace(), c.ref().namespace())
                          && c.tenantNamespace().equals(s.owner().namespace()));
      if (!used) {
        leak(
            c.ref(),
            "a down copy for tenant namespace "
                + c.tenantNamespace()
                + " with no instance of that namespace left in its service namespace");
      }
    }
  }

  /** A withdrawn Offering, Role or RoleBinding lives while an instance of its kind is there. */
  private void withdrawnPublicationsWithoutInstances() {
    for (Observation.Publication p : o.publications()) {
      if (!p.withdrawn() || !scope.includes(p.ref().namespace(), p.provider())) {
        continue;
      }
      String crd = p.tenantCrdName();
      if (crd == null) {
        leak(p.ref(), "withdrawn, and its name names no tenant CRD");
        continue;
      }
      boolean used =
          o.instances().stream()
              .anyMatch(
                  i ->
                      i.crdName().equals(crd)
                          && Objects.equals(i.namespace(), p.ref().namespace()));
      if (!used) {
        leak(p.ref(), "withdrawn, and no instance of " + crd + " is left in its namespace");
      }
    }
  }

  /** A Tenant lives while its Account exists. */
  private void tenantsWithoutAccount() {
    for (Observation.Tenant t : o.tenants()) {
      if (scope.includes(t.ref().namespace(), t.account()) && !o.hasAccount(t.account())) {
        leak(t.ref(), "its Account " + t.account() + " does not exist");
      }
    }
  }

  /** An account namespace lives while its Account exists. */
  private void accountNamespacesWithoutAccount() {
    for (Observation.AccountNamespace n : o.accountNamespaces()) {
      if (scope.includes(n.ref().name()) && !o.hasAccount(n.account())) {
        leak(n.ref(), "its Account " + n.account() + " does not exist");
      }
    }
  }

  /** Why the owner named by {@code owner} is missing, or null when it exists. */
  private String missingOwner(OwnerLabels owner) {
    if (!owner.complete()) {
      return "has " + owner.describe();
    }
    List<Observation.Instance> named = o.instancesNamedBy(owner);
    if (named.stream().anyMatch(owner::owns)) {
      return null;
    }
    if (named.isEmpty()) {
      return "its owner " + owner.describe() + " does not exist";
    }
    return "its owner "
        + owner.describe()
        + " does not exist; "
        + named.get(0).describe()
        + " has uid "
        + named.get(0).uid();
  }

  private void leak(ObjectRef ref, String why) {
    out.add(new Violation(Invariant.LEAKED, ref, why));
  }
}
