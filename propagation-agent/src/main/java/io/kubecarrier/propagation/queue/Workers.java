package io.kubecarrier.propagation.queue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * A fixed pool of workers that take items from the queue and reconcile them, one item by one worker
 * at a time; what happens next to an item follows the {@link Outcome}, and an exception retries it
 * with its backoff.
 */
public final class Workers implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Workers.class);

  private final WorkQueue<WorkItem> queue;
  private final Function<WorkItem, Outcome> reconciler;
  private final ExecutorService pool;

  public Workers(int count, WorkQueue<WorkItem> queue, Function<WorkItem, Outcome> reconciler) {
    this.queue = queue;
    this.reconciler = reconciler;
    this.pool =
        Executors.newFixedThreadPool(
            count,
            r -> {
              Thread t = new Thread(r, "propagation-worker");
              t.setDaemon(true);
              return t;
            });
    for (int i = 0; i < count; i++) {
      pool.submit(this::work);
    }
  }

  private void work() {
    while (!Thread.currentThread().isInterrupted()) {
      WorkItem item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        Outcome outcome = reconciler.apply(item);
        switch (outcome.kind()) {
          case DONE -> queue.forget(item);
          case RETRY -> queue.addRateLimited(item);
          case REQUEUE -> {
            queue.forget(item);
            queue.addAfter(item, outcome.after());
          }
        }
      } catch (RuntimeException e) {
        Duration delay = queue.addRateLimited(item);
        LOG.warnf(e, "%s (%s): failed, retrying in %s ms", item, item.entryKey(), delay.toMillis());
      } finally {
        queue.done(item);
      }
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
