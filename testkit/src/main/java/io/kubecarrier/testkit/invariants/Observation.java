package io.kubecarrier.testkit.invariants;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one look at every cluster saw of the hub: the objects the invariants are about, reduced to
 * the fields they read. Built by {@link Observer}; immutable.
 *
 * @param instances tenant instances (instances of the CRDs labelled {@code catalog-entry})
 * @param tenantCrds the tenant CRDs (labelled {@code catalog-entry})
 * @param catalogEntries CatalogEntries
 * @param serviceObjects objects labelled {@code managed-by=propagation-agent} in service clusters
 * @param serviceNamespaces namespaces labelled {@code managed-by=cluster-registry} in service
 *     clusters
 * @param assignments ServiceClusterAssignments
 * @param regions Regions
 * @param connectionSecrets Secrets labelled {@code managed-by=propagation-agent} in the management
 *     cluster
 * @param publications Offerings, Roles and RoleBindings labelled {@code
 *     managed-by=catalog-operator}
 * @param tenants Tenant objects
 * @param accountNamespaces management namespaces labelled {@code account}
 * @param accounts Accounts
 * @param unobserved service clusters left out because their API server is stopped, with the reason
 * @param unanswered service clusters whose API server runs but did not answer (a restart, an
 *     overload), with the error: the look is incomplete and is repeated
 */
record Observation(
    List<Instance> instances,
    List<TenantCrd> tenantCrds,
    List<ObjectRef> catalogEntries,
    List<ServiceObject> serviceObjects,
    List<ServiceNamespace> serviceNamespaces,
    List<Assignment> assignments,
    List<ObjectRef> regions,
    List<ConnectionSecret> connectionSecrets,
    List<Publication> publications,
    List<Tenant> tenants,
    List<AccountNamespace> accountNamespaces,
    List<ObjectRef> accounts,
    List<RelatedCopy> downCopies,
    Map<String, String> unobserved,
    Map<String, String> unanswered) {

  /** A tenant instance in the management cluster. */
  record Instance(
      ObjectRef ref,
      String group,
      String kind,
      String plural,
      boolean deleting,
      List<String> finalizers) {

    String namespace() {
      return ref.namespace();
    }

    String name() {
      return ref.name();
    }

    String uid() {
      return ref.uid();
    }

    /** This instance, seen as being deleted. */
    Instance asDeleting() {
      return new Instance(ref, group, kind, plural, true, finalizers);
    }

    /** Name of its tenant CRD, {@code <plural>.<group>}. */
    String crdName() {
      return plural + "." + group;
    }

    /** {@code Kind.group namespace/name}. */
    String describe() {
      return kind + "." + group + " " + namespace() + "/" + name();
    }
  }

  /** A tenant CRD in the management cluster, with its {@code provider} label. */
  record TenantCrd(ObjectRef ref, String provider) {}

  /** A service object: an instance's copy in a service cluster. */
  record ServiceObject(ObjectRef ref, OwnerLabels owner, boolean deleting) {}

  /** A service-side namespace made by the cluster registry for an assignment. */
  record ServiceNamespace(
      ObjectRef ref,
      boolean deleting,
      String tenantNamespace,
      String providerNamespace,
      String assignmentLabel,
      String serviceCluster) {}

  /** A ServiceClusterAssignment (in the provider namespace). */
  record Assignment(
      ObjectRef ref,
      boolean deleting,
      String serviceCluster,
      String tenantNamespace,
      String recordedNamespace,
      List<String> finalizers,
      String conditions) {

    String provider() {
      return ref.namespace();
    }

    /** Whether the propagation agent holds it (its finalizer is on it). */
    boolean held() {
      return finalizers.contains(HubLabels.PROPAGATION_AGENT_FINALIZER);
    }
  }

  /** A connection Secret copy in a tenant namespace. */
  record ConnectionSecret(ObjectRef ref, OwnerLabels owner) {}

  /**
   * A Secret or ConfigMap the agent copied down into a service namespace for the instances of a
   * tenant namespace (label {@code kubecarrier.io/related=down}).
   */
  record RelatedCopy(ObjectRef ref, String tenantNamespace) {}

  /** An Offering, tenant Role or tenant RoleBinding published by the catalog operator. */
  record Publication(ObjectRef ref, boolean withdrawn, String provider) {

    /** The tenant CRD it is about, from its name; null when the name names none. */
    String tenantCrdName() {
      if (ref.kind().startsWith(HubKinds.OFFERING.kind() + ".")) {
        return ref.name();
      }
      if (ref.name().startsWith(HubLabels.TENANT_ROLE_PREFIX)) {
        return ref.name().substring(HubLabels.TENANT_ROLE_PREFIX.length());
      }
      return null;
    }
  }

  /** A Tenant object in a provider namespace, for the Account of {@code account}. */
  record Tenant(ObjectRef ref, String account) {}

  /** A namespace of an Account in the management cluster. */
  record AccountNamespace(ObjectRef ref, String account) {}

  /** Instances named by {@code owner} (whatever their uid). */
  List<Instance> instancesNamedBy(OwnerLabels owner) {
    return instances.stream().filter(owner::names).toList();
  }

  /** Service objects whose owner labels are {@code i}'s, in every cluster. */
  List<ServiceObject> serviceObjectsOf(Instance i) {
    return serviceObjects.stream().filter(o -> o.owner().owns(i)).toList();
  }

  /** Whether the Region {@code namespace/name} exists. */
  boolean hasRegion(String namespace, String name) {
    return regions.stream().anyMatch(r -> r.namespace().equals(namespace) && r.name().equals(name));
  }

  /** Whether the Account {@code name} exists. */
  boolean hasAccount(String name) {
    return accounts.stream().anyMatch(a -> a.name().equals(name));
  }

  /** Whether the last look could not see {@code cluster}. */
  boolean sawNot(String cluster) {
    return unobserved.containsKey(cluster) || unanswered.containsKey(cluster);
  }

  /** Every cluster left out of this look, with the reason. */
  Map<String, String> notObserved() {
    Map<String, String> all = new LinkedHashMap<>(unobserved);
    all.putAll(unanswered);
    return all;
  }
}
