package io.kubecarrier.registry.assignment;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The namespace an assignment gives its management namespace in a service cluster: its
 * deterministic name ({@link Names#serviceNamespaceName(String)}) and its ownership labels, which
 * decide whether an existing namespace of that name is ours.
 */
public final class ServiceNamespaces {

  private ServiceNamespaces() {}

  /** {@code kc-<managementNamespace>}, hashed when too long. */
  public static String name(ServiceClusterAssignment a) {
    return Names.serviceNamespaceName(
        a.getMetadata().getNamespace(), a.getSpec().getManagementNamespace().getName());
  }

  /** The namespace to create. */
  public static Namespace desired(ServiceClusterAssignment a) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name(a))
        .withLabels(labels(a))
        .endMetadata()
        .build();
  }

  /** The ownership labels: managed by us, for this management namespace and provider. */
  public static Map<String, String> labels(ServiceClusterAssignment a) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_CLUSTER_REGISTRY);
    labels.put(Labels.TENANT_NAMESPACE, a.getSpec().getManagementNamespace().getName());
    labels.put(Labels.SERVICE_CLUSTER, a.getSpec().getServiceCluster().getName());
    labels.put(Labels.OWNER_KIND, ServiceClusterAssignment.KIND);
    labels.put(Labels.OWNER_NAMESPACE, a.getMetadata().getNamespace());
    labels.put(Labels.OWNER_NAME, Names.labelValue(a.getMetadata().getName()));
    labels.put(Labels.ASSIGNMENT, Names.labelValue(a.getMetadata().getName()));
    return labels;
  }

  /**
   * Whether {@code existing} belongs to {@code a}: created by the cluster registry for the same
   * management namespace and the same provider namespace. Anything else is never taken over.
   */
  public static boolean ownedBy(Namespace existing, ServiceClusterAssignment a) {
    Map<String, String> have = existing.getMetadata().getLabels();
    if (have == null) {
      return false;
    }
    Map<String, String> want = labels(a);
    return Objects.equals(have.get(Labels.MANAGED_BY), want.get(Labels.MANAGED_BY))
        && Objects.equals(have.get(Labels.TENANT_NAMESPACE), want.get(Labels.TENANT_NAMESPACE))
        && Objects.equals(have.get(Labels.OWNER_NAMESPACE), want.get(Labels.OWNER_NAMESPACE));
  }

  public static boolean terminating(Namespace ns) {
    return ns.getMetadata().getDeletionTimestamp() != null;
  }
}
