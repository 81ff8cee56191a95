package io.kubecarrier.catalog.catalog;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.CrdInformation;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Subject;
import io.kubecarrier.api.offering.Offering;
import io.kubecarrier.api.offering.OfferingSpec;
import io.kubecarrier.api.provider.Provider;
import io.kubecarrier.api.provider.ProviderSpec;
import io.kubecarrier.api.region.Region;
import io.kubecarrier.api.region.RegionSpec;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentSpec;
import io.kubecarrier.catalog.TenantCrdAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What a provider publishes to its tenants, as desired objects: per (tenant, entry) an Offering, a
 * Role and a RoleBinding in the tenant namespace; per (tenant, region) a Region there and a
 * ServiceClusterAssignment in the provider namespace; per tenant a Provider. Every object carries
 * the ownership labels of the provider's Catalogs, not of one Catalog: the operator publishes the
 * union over all Catalogs of a namespace, so an object several Catalogs publish stays until the
 * last of them stops publishing it.
 */
public final class Publication {

  /** Owner kind label value of published objects. */
  public static final String OWNER_KIND = "Catalog";

  private Publication() {}

  /** A selected, Ready tenant with what publishing to it needs. */
  public record Target(String tenant, String namespace, List<Subject> subjects) {}

  /** Name of the Role and RoleBinding that give tenants access to a tenant CRD. */
  public static String roleName(String tenantCrdName) {
    return "kubecarrier:tenant:" + tenantCrdName;
  }

  /** The ownership labels of everything the Catalogs of {@code provider} publish. */
  public static Map<String, String> labels(String provider) {
    Map<String, String> l = new LinkedHashMap<>();
    l.put(Labels.MANAGED_BY, Labels.MANAGED_BY_CATALOG_OPERATOR);
    l.put(Labels.OWNER_KIND, OWNER_KIND);
    l.put(Labels.OWNER_NAMESPACE, provider);
    l.put(Labels.PROVIDER, provider);
    return l;
  }

  /** Label selector (string form) of everything the Catalogs of {@code provider} publish. */
  public static String selector(String provider) {
    return Labels.MANAGED_BY
        + "="
        + Labels.MANAGED_BY_CATALOG_OPERATOR
        + ","
        + Labels.OWNER_KIND
        + "="
        + OWNER_KIND
        + ","
        + Labels.OWNER_NAMESPACE
        + "="
        + provider;
  }

  /** Label selector of everything published by any provider. */
  public static final String ALL =
      Labels.MANAGED_BY
          + "="
          + Labels.MANAGED_BY_CATALOG_OPERATOR
          + ","
          + Labels.OWNER_KIND
          + "="
          + OWNER_KIND;

  /** The desired objects, keyed by {@code kind/namespace/name}. */
  public static Map<String, HasMetadata> desired(
      String provider,
      Account providerAccount,
      List<Target> tenants,
      List<CatalogEntry> entries,
      Function<String, ServiceCluster> clusters) {
    Map<String, HasMetadata> out = new LinkedHashMap<>();
    for (Target t : tenants) {
      if (entries.isEmpty()) {
        continue;
      }
      put(out, provider(provider, providerAccount, t.namespace()));
      for (CatalogEntry e : entries) {
        put(out, offering(provider, e, t.namespace()));
        put(out, role(provider, e, t.namespace()));
        put(out, roleBinding(provider, e, t));
        for (String region : e.getStatus().getRegions()) {
          put(out, region(provider, region, clusters.apply(region), t.namespace()));
          put(out, assignment(provider, region, t.namespace()));
        }
      }
    }
    return out;
  }

  /** {@code kind/namespace/name}. */
  public static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  private static void put(Map<String, HasMetadata> out, HasMetadata o) {
    out.put(key(o), o);
  }

  private static ObjectMeta meta(String provider, String name, String namespace) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels(provider))
        .build();
  }

  /**
   * Metadata of what is published per (tenant, entry), Offering, Role and RoleBinding: the labels
   * of {@link #meta}, plus {@code kubecarrier.io/catalog-entry} and the annotation {@code
   * kubecarrier.io/source} ({@code <provider>/<entry>}, exact also for names too long for a label),
   * so that the CatalogEntry controller finds them per entry (it collects withdrawn ones).
   */
  private static ObjectMeta entryMeta(
      String provider, CatalogEntry e, String name, String namespace) {
    ObjectMeta m = meta(provider, name, namespace);
    m.getLabels().put(Labels.CATALOG_ENTRY, Names.labelValue(e.getMetadata().getName()));
    m.setAnnotations(
        new LinkedHashMap<>(
            Map.of(Annotations.SOURCE, provider + "/" + e.getMetadata().getName())));
    return m;
  }

  static Provider provider(String provider, Account account, String namespace) {
    Provider p = new Provider();
    p.setMetadata(meta(provider, provider, namespace));
    ProviderSpec spec = new ProviderSpec();
    spec.setMetadata(
        account == null || account.getSpec() == null ? null : account.getSpec().getMetadata());
    p.setSpec(spec);
    return p;
  }

  static Offering offering(String provider, CatalogEntry e, String namespace) {
    CrdInformation crd = e.getStatus().getTenantCrd();
    Offering o = new Offering();
    o.setMetadata(entryMeta(provider, e, crd.getName(), namespace));
    OfferingSpec spec = new OfferingSpec();
    spec.setMetadata(e.getSpec().getMetadata());
    spec.setProvider(ObjectReference.of(provider));
    spec.setCrd(crd);
    spec.setRegions(e.getStatus().getRegions().stream().map(ObjectReference::of).toList());
    // the printer column: the API server prints only the first value of .spec.regions[*].name
    spec.setRegionList(String.join(",", e.getStatus().getRegions()));
    o.setSpec(spec);
    return o;
  }

  static Region region(String provider, String cluster, ServiceCluster sc, String namespace) {
    Region r = new Region();
    r.setMetadata(meta(provider, Names.regionName(cluster, provider), namespace));
    r.getMetadata().getLabels().put(Labels.SERVICE_CLUSTER, cluster);
    RegionSpec spec = new RegionSpec();
    spec.setMetadata(sc == null || sc.getSpec() == null ? null : sc.getSpec().getMetadata());
    spec.setProvider(ObjectReference.of(provider));
    spec.setServiceCluster(ObjectReference.of(cluster));
    r.setSpec(spec);
    return r;
  }

  static ServiceClusterAssignment assignment(
      String provider, String cluster, String tenantNamespace) {
    ServiceClusterAssignment a = new ServiceClusterAssignment();
    a.setMetadata(meta(provider, Names.assignmentName(tenantNamespace, cluster), provider));
    a.getMetadata().getLabels().put(Labels.SERVICE_CLUSTER, cluster);
    a.getMetadata().getLabels().put(Labels.TENANT_NAMESPACE, tenantNamespace);
    ServiceClusterAssignmentSpec spec = new ServiceClusterAssignmentSpec();
    spec.setServiceCluster(ObjectReference.of(cluster));
    spec.setManagementNamespace(ObjectReference.of(tenantNamespace));
    a.setSpec(spec);
    return a;
  }

  /** The tenant Role: {@link TenantCrdAccess#INSTANCE_VERBS}, {@code order} included. */
  static Role role(String provider, CatalogEntry e, String namespace) {
    CrdInformation crd = e.getStatus().getTenantCrd();
    return new RoleBuilder()
        .withMetadata(entryMeta(provider, e, roleName(crd.getName()), namespace))
        .withRules(TenantCrdAccess.rule(crd.getGroup(), crd.getPlural()))
        .build();
  }

  static RoleBinding roleBinding(String provider, CatalogEntry e, Target t) {
    CrdInformation crd = e.getStatus().getTenantCrd();
    List<io.fabric8.kubernetes.api.model.rbac.Subject> subjects = new ArrayList<>();
    t.subjects().forEach(s -> subjects.add(s.toFabric8()));
    return new RoleBindingBuilder()
        .withMetadata(entryMeta(provider, e, roleName(crd.getName()), t.namespace()))
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(roleName(crd.getName()))
        .endRoleRef()
        .withSubjects(subjects)
        .build();
  }
}
