package io.kubecarrier.propagation.queue;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A keyed work queue with the semantics of client-go's workqueue: a key is queued at most once, a
 * key being processed is never handed to a second worker (a change that arrives meanwhile queues it
 * again after {@link #done}), and failed keys come back with a per-key exponential backoff.
 */
public final class WorkQueue<K> {

  private final LinkedBlockingQueue<K> queue = new LinkedBlockingQueue<>();
  private final Set<K> dirty = new HashSet<>();
  private final Set<K> processing = new HashSet<>();
  private final Map<K, Integer> failures = new HashMap<>();
  private final ScheduledExecutorService delayer;
  private final Duration initialBackoff;
  private final Duration maxBackoff;

  public WorkQueue(ScheduledExecutorService delayer, Duration initialBackoff, Duration maxBackoff) {
    this.delayer = delayer;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
  }

  /** Queues {@code key} unless it is already queued. */
  public synchronized void add(K key) {
    if (dirty.add(key) && !processing.contains(key)) {
      queue.offer(key);
    }
  }

  /** Queues {@code key} after {@code delay}. */
  public void addAfter(K key, Duration delay) {
    delayer.schedule(() -> add(key), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Queues {@code key} after its next backoff delay; returns that delay. */
  public Duration addRateLimited(K key) {
    Duration delay = backoff(key);
    addAfter(key, delay);
    return delay;
  }

  /** The next backoff delay of {@code key} (and counts a failure). */
  synchronized Duration backoff(K key) {
    int n = failures.merge(key, 1, Integer::sum);
    return backoff(initialBackoff, maxBackoff, n);
  }

  static Duration backoff(Duration initial, Duration max, int failures) {
    long millis = initial.toMillis();
    for (int i = 1; i < failures && millis < max.toMillis(); i++) {
      millis *= 2;
    }
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }

  /** Clears the failure count of {@code key}. */
  public synchronized void forget(K key) {
    failures.remove(key);
  }

  /** Blocks until a key is available and marks it as being processed. */
  public K take() throws InterruptedException {
    K key = queue.take();
    synchronized (this) {
      dirty.remove(key);
      processing.add(key);
    }
    return key;
  }

  /** Marks {@code key} as processed; queues it again if it changed meanwhile. */
  public synchronized void done(K key) {
    processing.remove(key);
    if (dirty.contains(key)) {
      queue.offer(key);
    }
  }

  /** Keys waiting to be processed. */
  public synchronized int depth() {
    return dirty.size();
  }
}
