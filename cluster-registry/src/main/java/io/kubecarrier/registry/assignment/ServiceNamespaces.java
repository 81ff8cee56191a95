package io.kubecarrier.registry.assignment;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The namespace an assignment gives its (provider, tenant namespace) in a service cluster: the
 * deterministic names to try ({@link Names#serviceNamespaceCandidate}), which of them to use
 * ({@link #choose}), and the ownership labels that decide whether an existing namespace is ours.
 */
public final class ServiceNamespaces {

  /** Number of deterministic names tried: attempts 0 to 3. */
  public static final int CANDIDATES = 4;

  private ServiceNamespaces() {}

  /** What a namespace name is in the service cluster. */
  public enum Presence {
    /** No namespace of that name. */
    ABSENT,
    /** A namespace of that name carrying our ownership labels for this assignment. */
    OURS,
    /** A namespace of that name that is not ours: never labelled, bound, used or deleted. */
    FOREIGN
  }

  /**
   * The outcome of {@link #choose}: the name to use and what it is now ({@code name} is {@code
   * null} when every name tried is foreign), and the foreign names skipped, in the order tried.
   */
  public record Choice(String name, Presence presence, List<String> foreign) {
    public boolean found() {
      return name != null;
    }
  }

  /** {@code kc-<provider>-<tenant namespace>} (attempt 0), hashed when too long. */
  public static String name(ServiceClusterAssignment a) {
    return candidates(a).get(0);
  }

  /** The names to try, in order: attempts 0 to {@value #CANDIDATES} - 1. */
  public static List<String> candidates(ServiceClusterAssignment a) {
    String provider = a.getMetadata().getNamespace();
    String tenant = a.getSpec().getManagementNamespace().getName();
    return IntStream.range(0, CANDIDATES)
        .mapToObj(i -> Names.serviceNamespaceCandidate(provider, tenant, i))
        .toList();
  }

  /** The name recorded in {@code status.serviceClusterNamespace}, or {@code null}. */
  public static String recorded(ServiceClusterAssignment a) {
    return a.getStatus() == null || a.getStatus().getServiceClusterNamespace() == null
        ? null
        : a.getStatus().getServiceClusterNamespace().getName();
  }

  /**
   * Which namespace to use. The {@code recorded} name is kept while it is absent (it is created
   * again) or ours; otherwise the first of {@code candidates} that is absent or ours. Foreign names
   * are skipped. {@code presence} is asked lazily, in that order, at most once per name.
   */
  public static Choice choose(
      String recorded, List<String> candidates, Function<String, Presence> presence) {
    List<String> foreign = new ArrayList<>();
    if (recorded != null) {
      Presence p = presence.apply(recorded);
      if (p != Presence.FOREIGN) {
        return new Choice(recorded, p, List.of());
      }
      foreign.add(recorded);
    }
    for (String candidate : candidates) {
      if (candidate.equals(recorded)) {
        continue;
      }
      Presence p = presence.apply(candidate);
      if (p != Presence.FOREIGN) {
        return new Choice(candidate, p, List.copyOf(foreign));
      }
      foreign.add(candidate);
    }
    return new Choice(null, null, List.copyOf(foreign));
  }

  /**
   * The names whose namespace the deletion of {@code a} removes (each only if it is ours): the
   * recorded one, or, when nothing is recorded, every candidate.
   */
  public static List<String> toDelete(ServiceClusterAssignment a) {
    String recorded = recorded(a);
    return recorded != null ? List.of(recorded) : candidates(a);
  }

  /** What {@code existing} (the namespace of that name, or {@code null}) is for {@code a}. */
  public static Presence presence(Namespace existing, ServiceClusterAssignment a) {
    if (existing == null) {
      return Presence.ABSENT;
    }
    return ownedBy(existing, a) ? Presence.OURS : Presence.FOREIGN;
  }

  /** The namespace {@code name} to create for {@code a}. */
  public static Namespace desired(ServiceClusterAssignment a, String name) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
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

  /**
   * What the namespace controller reports about a terminating namespace (its True conditions, for
   * example {@code NamespaceContentRemaining: Some resources are remaining: ...}), as " (...)", or
   * "" when it reports nothing yet.
   */
  public static String whyStillThere(Namespace ns) {
    if (ns.getStatus() == null || ns.getStatus().getConditions() == null) {
      return "";
    }
    List<String> reported = new ArrayList<>();
    for (NamespaceCondition c : ns.getStatus().getConditions()) {
      if ("True".equals(c.getStatus())) {
        reported.add(
            c.getType() + ": " + Objects.requireNonNullElse(c.getMessage(), c.getReason()));
      }
    }
    return reported.isEmpty() ? "" : " (" + String.join("; ", reported) + ")";
  }
}
