package io.kubecarrier.testkit.invariants;

import java.util.ArrayList;
import java.util.List;

/**
 * After a teardown: every object of ours that is still there (in scope), whether or not something
 * still justifies it. Reported as {@link Invariant#LEAKED}.
 */
final class Leftovers {

  private Leftovers() {}

  static List<Violation> find(Observation o, Scope scope) {
    List<Violation> out = new ArrayList<>();
    o.instances().stream()
        .filter(i -> scope.includes(i.namespace()))
        .forEach(i -> out.add(left(i.ref(), "tenant instance")));
    o.serviceObjects().stream()
        .filter(s -> scope.includes(s.owner().namespace()))
        .forEach(s -> out.add(left(s.ref(), "service object of " + s.owner().describe())));
    o.serviceNamespaces().stream()
        .filter(n -> scope.includes(n.tenantNamespace(), n.providerNamespace()))
        .forEach(n -> out.add(left(n.ref(), "service-side namespace")));
    o.connectionSecrets().stream()
        .filter(s -> scope.includes(s.ref().namespace()))
        .forEach(s -> out.add(left(s.ref(), "connection Secret copy")));
    o.assignments().stream()
        .filter(a -> scope.includes(a.provider(), a.tenantNamespace()))
        .forEach(a -> out.add(left(a.ref(), "assignment (finalizers " + a.finalizers() + ")")));
    o.publications().stream()
        .filter(p -> scope.includes(p.ref().namespace(), p.provider()))
        .forEach(
            p -> out.add(left(p.ref(), p.withdrawn() ? "withdrawn publication" : "publication")));
    o.regions().stream()
        .filter(r -> scope.includes(r.namespace()))
        .forEach(r -> out.add(left(r, "Region")));
    o.catalogEntries().stream()
        .filter(e -> scope.includes(e.namespace()))
        .forEach(e -> out.add(left(e, "CatalogEntry")));
    o.tenantCrds().stream()
        .filter(c -> scope.includes(c.provider()))
        .forEach(c -> out.add(left(c.ref(), "tenant CRD of provider " + c.provider())));
    o.tenants().stream()
        .filter(t -> scope.includes(t.ref().namespace(), t.account()))
        .forEach(t -> out.add(left(t.ref(), "Tenant of Account " + t.account())));
    o.accountNamespaces().stream()
        .filter(n -> scope.includes(n.ref().name()))
        .forEach(n -> out.add(left(n.ref(), "namespace of Account " + n.account())));
    o.accounts().stream()
        .filter(a -> scope.includes(a.name()))
        .forEach(a -> out.add(left(a, "Account")));
    return out;
  }

  private static Violation left(ObjectRef ref, String what) {
    return new Violation(Invariant.LEAKED, ref, what + " still there after the teardown");
  }
}
