package io.kubecarrier.propagation.kinds;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import org.jboss.logging.Logger;

/**
 * Informer policy of the agent: never give up, even when the first list fails; list in pages; cache
 * objects without their managed fields.
 */
public final class Informers {
  private static final Logger LOG = Logger.getLogger(Informers.class);

  /**
   * Objects per page of an informer's list. Unpaged, the first list after a restart is one response
   * with every object of the kind, held whole (bytes and objects) next to the cache being filled:
   * with 11,000 instances and 1,000 tenant namespaces that ran a 384 MiB heap out of memory
   * (docs/benchmarks.md). Pages of 500 keep that transient to one page.
   */
  public static final long LIST_PAGE = 500;

  private Informers() {}

  /**
   * An informer of {@code source} with this policy: lists in pages of {@link #LIST_PAGE}, caches
   * without managed fields, retries forever; not started.
   */
  public static <T extends HasMetadata> SharedIndexInformer<T> of(Informable<T> source) {
    return source
        .withLimit(LIST_PAGE)
        .runnableInformer(0)
        .itemStore(Informers.<T>withoutManagedFields())
        .exceptionHandler(Informers::retry);
  }

  /**
   * Retries after every error (the informer backs off by itself): a cluster that is down at start,
   * a CRD that is still initialising or a right that is granted a moment later must not stop a
   * watch for good. Objects that cannot be deserialised are skipped by fabric8 in any case.
   */
  public static boolean retry(boolean started, Throwable t) {
    if (!ExceptionHandler.isDeserializationException(t)) {
      LOG.debugf(
          "informer error (%s), retrying: %s", started ? "watching" : "listing", t.toString());
    }
    return true;
  }

  /**
   * A cache that drops {@code metadata.managedFields} from every object it keeps (and hands to the
   * event handlers): the agent never reads them, and with three or four field managers per object
   * they are about half of a cached object's memory (measured with 10,000 instances,
   * docs/benchmarks.md).
   */
  public static <T extends HasMetadata> ItemStore<T> withoutManagedFields() {
    return new BasicItemStore<T>(Cache::metaNamespaceKeyFunc) {
      @Override
      public T put(String key, T obj) {
        if (obj.getMetadata() != null) {
          obj.getMetadata().setManagedFields(null);
        }
        return super.put(key, obj);
      }
    };
  }
}
