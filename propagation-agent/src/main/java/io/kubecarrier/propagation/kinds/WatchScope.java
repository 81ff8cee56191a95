package io.kubecarrier.propagation.kinds;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.kubecarrier.propagation.connections.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Whether the service-side objects of a kind are watched cluster-wide in a service cluster (one
 * watch of the kind and one of its Events, whatever the number of tenants) or per service-side
 * namespace. Cluster-wide when the setting allows it ({@code
 * kubecarrier.propagation-agent.service-watch-scope=auto}, the default) and KubeCarrier's identity
 * there may list and watch the kind and Events in all namespaces, as a SelfSubjectAccessReview says
 * (the provider grants the kind through {@code k8s/service-cluster/}'s aggregated ClusterRole
 * {@code kubecarrier-offered-kinds}). The answer is kept per connection: a new kubeconfig (a
 * rotated credential, other rights) asks again, and so does the next watch a minute after a "no"
 * (the grant may come later); a review that fails is asked again at the next watch and means per
 * namespace until then.
 */
public final class WatchScope {

  private static final Logger LOG = Logger.getLogger(WatchScope.class);

  /** The setting {@code service-watch-scope}. */
  public enum Setting {
    /** Cluster-wide where KubeCarrier may, else per namespace. */
    AUTO,
    /** Always per namespace (the rights of the service-side namespaces only). */
    NAMESPACE
  }

  /** A "no" is asked again after this long (the provider may grant the kind later). */
  private static final long RECHECK_NANOS = java.time.Duration.ofMinutes(1).toNanos();

  private record Decided(Connection connection, boolean clusterWide, long at) {}

  private final Setting setting;
  private final Map<String, Decided> decided = new ConcurrentHashMap<>();

  public WatchScope(Setting setting) {
    this.setting = setting;
  }

  /** Whether {@code type} is watched in all namespaces of {@code connection}'s cluster. */
  public boolean clusterWide(Connection connection, ResourceType type) {
    if (setting == Setting.NAMESPACE) {
      return false;
    }
    String key = connection.key() + "|" + type;
    Decided d = decided.get(key);
    if (d != null
        && d.connection() == connection
        && (d.clusterWide() || System.nanoTime() - d.at() < RECHECK_NANOS)) {
      return d.clusterWide();
    }
    try {
      boolean allowed =
          allowed(connection, type.group(), type.plural()) && allowed(connection, "", "events");
      Decided before = decided.put(key, new Decided(connection, allowed, System.nanoTime()));
      if (before != null && before.connection() == connection && before.clusterWide() == allowed) {
        return allowed;
      }
      LOG.infof(
          "%s in service cluster %s: watched %s",
          type,
          connection.key(),
          allowed
              ? "cluster-wide (KubeCarrier may list and watch it and Events in all namespaces)"
              : "per service-side namespace (KubeCarrier may not list and watch it or Events in"
                  + " all namespaces; see docs/propagation-agent.md, Watch scope)");
      return allowed;
    } catch (RuntimeException e) {
      LOG.debugf(
          "%s in service cluster %s: access review failed (%s), per namespace for now",
          type, connection.key(), e.getMessage());
      return false;
    }
  }

  private static boolean allowed(Connection connection, String group, String resource) {
    for (String verb : List.of("list", "watch")) {
      SelfSubjectAccessReview review =
          new SelfSubjectAccessReviewBuilder()
              .withNewSpec()
              .withNewResourceAttributes()
              .withGroup(group)
              .withResource(resource)
              .withVerb(verb)
              .endResourceAttributes()
              .endSpec()
              .build();
      SelfSubjectAccessReview answer =
          connection.client().authorization().v1().selfSubjectAccessReview().create(review);
      if (answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAllowed())) {
        return false;
      }
    }
    return true;
  }
}
