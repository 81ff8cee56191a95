package io.kubecarrier.testkit.invariants;

/**
 * What a check looked at (in scope): the denominators of the invariant counts.
 *
 * @param instances tenant instances
 * @param serviceObjects service objects in every service cluster
 * @param serviceNamespaces service-side namespaces
 * @param assignments ServiceClusterAssignments
 * @param connectionSecrets connection Secret copies
 * @param publications Offerings, tenant Roles and RoleBindings
 * @param withdrawn of those, the withdrawn ones
 * @param tenants Tenant objects
 * @param accountNamespaces account namespaces
 */
public record Totals(
    int instances,
    int serviceObjects,
    int serviceNamespaces,
    int assignments,
    int connectionSecrets,
    int publications,
    int withdrawn,
    int tenants,
    int accountNamespaces) {

  static Totals of(Observation o, Scope s) {
    return new Totals(
        (int) o.instances().stream().filter(i -> s.includes(i.namespace())).count(),
        (int) o.serviceObjects().stream().filter(x -> s.includes(x.owner().namespace())).count(),
        (int)
            o.serviceNamespaces().stream()
                .filter(n -> s.includes(n.tenantNamespace(), n.providerNamespace()))
                .count(),
        (int)
            o.assignments().stream()
                .filter(a -> s.includes(a.provider(), a.tenantNamespace()))
                .count(),
        (int) o.connectionSecrets().stream().filter(x -> s.includes(x.ref().namespace())).count(),
        (int)
            o.publications().stream()
                .filter(p -> s.includes(p.ref().namespace(), p.provider()))
                .count(),
        (int)
            o.publications().stream()
                .filter(p -> p.withdrawn() && s.includes(p.ref().namespace(), p.provider()))
                .count(),
        (int)
            o.tenants().stream().filter(t -> s.includes(t.ref().namespace(), t.account())).count(),
        (int) o.accountNamespaces().stream().filter(n -> s.includes(n.ref().name())).count());
  }

  @Override
  public String toString() {
    return instances
        + " instances, "
        + serviceObjects
        + " service objects, "
        + serviceNamespaces
        + " service namespaces, "
        + assignments
        + " assignments, "
        + connectionSecrets
        + " connection secrets, "
        + publications
        + " publications ("
        + withdrawn
        + " withdrawn), "
        + tenants
        + " tenants, "
        + accountNamespaces
        + " account namespaces";
  }
}
