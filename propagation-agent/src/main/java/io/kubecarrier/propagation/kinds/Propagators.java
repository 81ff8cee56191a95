package io.kubecarrier.propagation.kinds;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The propagators running now, one per CatalogEntry ({@code namespace/name}). */
public final class Propagators {

  private final Map<String, Propagator> byEntry = new ConcurrentHashMap<>();

  /** The propagator of the CatalogEntry {@code entryKey}, or null. */
  public Propagator get(String entryKey) {
    return byEntry.get(entryKey);
  }

  /** Puts {@code p} in place of the entry's propagator; returns the one it replaces, or null. */
  public Propagator put(Propagator p) {
    return byEntry.put(p.kind().entryKey(), p);
  }

  public Propagator remove(String entryKey) {
    return byEntry.remove(entryKey);
  }

  public List<Propagator> all() {
    return List.copyOf(byEntry.values());
  }

  /** The propagators of the kinds offered by {@code providerNamespace}. */
  public List<Propagator> ofProvider(String providerNamespace) {
    return byEntry.values().stream()
        .filter(p -> p.kind().entryNamespace().equals(providerNamespace))
        .toList();
  }

  public int size() {
    return byEntry.size();
  }

  /** Stops and forgets every propagator. */
  public void closeAll() {
    byEntry.values().forEach(Propagator::close);
    byEntry.clear();
  }
}
