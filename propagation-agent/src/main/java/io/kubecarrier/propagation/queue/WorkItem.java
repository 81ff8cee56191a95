package io.kubecarrier.propagation.queue;

/** What a worker of the agent processes: one tenant instance, or one adoption candidate. */
public sealed interface WorkItem permits WorkItem.Instance, WorkItem.Adoption {

  /** {@code namespace/name} of the CatalogEntry whose kind this item belongs to. */
  String entryKey();

  /** A tenant instance in the management cluster. */
  record Instance(String entryKey, String namespace, String name) implements WorkItem {
    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  /** A service-side object without owner, which may be adopted into its tenant namespace. */
  record Adoption(String entryKey, String cluster, String namespace, String name)
      implements WorkItem {
    @Override
    public String toString() {
      return cluster + ":" + namespace + "/" + name;
    }
  }
}
