package io.kubecarrier.propagation.secrets;

import io.kubecarrier.api.common.RelatedKind;
import io.kubecarrier.propagation.queue.WorkItem;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which Secrets and ConfigMaps each instance copies or writes, in which cluster ({@code
 * clusterKey/kind/namespace/name}; the management cluster is {@link #MANAGEMENT}), so that a change
 * of one of them (a rotation, a deletion, a copy edited by hand) re-queues exactly the instances
 * concerned. A key with name {@code *} stands for every object of that kind in the namespace (a
 * label selector).
 */
public final class SecretRefs {

  /** The cluster key of the management cluster. */
  public static final String MANAGEMENT = "";

  /** What the connection Secret of an instance is tracked as. */
  static final String CONNECTION = "connection";

  private final Map<String, Set<WorkItem.Instance>> byKey = new HashMap<>();
  private final Map<WorkItem.Instance, Map<String, Set<String>>> byItem = new HashMap<>();

  /** Remembers that {@code item} copies the Secret {@code namespace/name}; null: none. */
  public void track(WorkItem.Instance item, String clusterKey, String namespace, String name) {
    track(
        item,
        CONNECTION,
        name == null ? Set.of() : Set.of(key(clusterKey, RelatedKind.Secret, namespace, name)));
  }

  /** Remembers that, for {@code purpose}, {@code item} depends on exactly {@code keys}. */
  public synchronized void track(WorkItem.Instance item, String purpose, Set<String> keys) {
    Map<String, Set<String>> purposes = byItem.computeIfAbsent(item, i -> new HashMap<>());
    Set<String> old = purposes.getOrDefault(purpose, Set.of());
    for (String k : old) {
      if (!keys.contains(k)) {
        unindex(k, item, purposes, purpose);
      }
    }
    for (String k : keys) {
      byKey.computeIfAbsent(k, x -> new HashSet<>()).add(item);
    }
    if (keys.isEmpty()) {
      purposes.remove(purpose);
    } else {
      purposes.put(purpose, Set.copyOf(keys));
    }
    if (purposes.isEmpty()) {
      byItem.remove(item);
    }
  }

  private void unindex(
      String key, WorkItem.Instance item, Map<String, Set<String>> purposes, String except) {
    boolean elsewhere =
        purposes.entrySet().stream()
            .anyMatch(e -> !e.getKey().equals(except) && e.getValue().contains(key));
    Set<WorkItem.Instance> items = byKey.get(key);
    if (!elsewhere && items != null) {
      items.remove(item);
      if (items.isEmpty()) {
        byKey.remove(key);
      }
    }
  }

  /** The instances that copy the Secret {@code namespace/name} of {@code clusterKey}. */
  public Set<WorkItem.Instance> copying(String clusterKey, String namespace, String name) {
    return copying(clusterKey, RelatedKind.Secret, namespace, name);
  }

  /** The instances that depend on the object, by name or by a selector of its namespace. */
  public synchronized Set<WorkItem.Instance> copying(
      String clusterKey, RelatedKind kind, String namespace, String name) {
    Set<WorkItem.Instance> out = new HashSet<>();
    out.addAll(byKey.getOrDefault(key(clusterKey, kind, namespace, name), Set.of()));
    out.addAll(byKey.getOrDefault(key(clusterKey, kind, namespace, "*"), Set.of()));
    return out;
  }

  public synchronized void forget(WorkItem.Instance item) {
    Map<String, Set<String>> purposes = byItem.remove(item);
    if (purposes != null) {
      for (Set<String> keys : purposes.values()) {
        for (String k : keys) {
          Set<WorkItem.Instance> items = byKey.get(k);
          if (items != null) {
            items.remove(item);
            if (items.isEmpty()) {
              byKey.remove(k);
            }
          }
        }
      }
    }
  }

  /** The key of an object. */
  public static String key(String clusterKey, RelatedKind kind, String namespace, String name) {
    return clusterKey + "/" + kind + "/" + namespace + "/" + name;
  }
}
