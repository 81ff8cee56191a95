package io.kubecarrier.propagation.secrets;

import io.kubecarrier.propagation.queue.WorkItem;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which service-side Secret each instance copies ({@code clusterKey/namespace/name}), so that a
 * change of that Secret (a rotation) re-queues exactly the instances that copy it.
 */
public final class SecretRefs {

  private final Map<String, Set<WorkItem.Instance>> bySecret = new ConcurrentHashMap<>();

  /** Remembers that {@code item} copies the Secret {@code namespace/name}; null: none. */
  public void track(WorkItem.Instance item, String clusterKey, String namespace, String name) {
    bySecret.values().forEach(s -> s.remove(item));
    if (name != null) {
      bySecret
          .computeIfAbsent(key(clusterKey, namespace, name), k -> ConcurrentHashMap.newKeySet())
          .add(item);
    }
  }

  /** The instances that copy the Secret {@code namespace/name} of {@code clusterKey}. */
  public Set<WorkItem.Instance> copying(String clusterKey, String namespace, String name) {
    Set<WorkItem.Instance> items = bySecret.get(key(clusterKey, namespace, name));
    return items == null ? Set.of() : Set.copyOf(items);
  }

  public void forget(WorkItem.Instance item) {
    track(item, null, null, null);
  }

  private static String key(String clusterKey, String namespace, String name) {
    return clusterKey + "/" + namespace + "/" + name;
  }
}
