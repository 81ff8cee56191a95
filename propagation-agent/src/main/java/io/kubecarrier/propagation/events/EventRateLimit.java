package io.kubecarrier.propagation.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * How many distinct service Events are mirrored onto one tenant instance: a token bucket per
 * instance of {@code perMinute} tokens, refilled evenly over a minute. A new distinct event (type,
 * reason, message) takes a token and is dropped when there is none; a repeat of one already
 * mirrored takes none (it only raises the count of the Event there). So a noisy service operator
 * costs an instance at most {@code perMinute} new Events a minute, and the repeats it aggregates.
 * Bounded memory: the {@link #INSTANCES} most recently used instances, the {@link #REMEMBERED}
 * latest distinct events of each. Thread-safe.
 */
public final class EventRateLimit {

  static final int INSTANCES = 4096;
  static final int REMEMBERED = 64;
  private static final long MINUTE_NANOS = 60_000_000_000L;

  private final int perMinute;
  private final LongSupplier nanos;

  private final Map<String, Bucket> buckets =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
          return size() > INSTANCES;
        }
      };

  /**
   * @param perMinute new distinct events per instance and minute (and the burst); 0 mirrors none
   * @param nanos a monotonic clock ({@code System::nanoTime})
   */
  public EventRateLimit(int perMinute, LongSupplier nanos) {
    this.perMinute = Math.max(0, perMinute);
    this.nanos = nanos;
  }

  /**
   * Whether the event {@code key} (type, reason, message) may be mirrored onto {@code instance}.
   */
  public synchronized boolean allow(String instance, String key) {
    long now = nanos.getAsLong();
    Bucket b = buckets.computeIfAbsent(instance, i -> new Bucket(perMinute, now));
    if (b.seen.contains(key)) {
      b.seen.remove(key);
      b.seen.add(key); // most recent last
      return true;
    }
    b.refill(now, perMinute);
    if (b.tokens < 1) {
      return false;
    }
    b.tokens -= 1;
    b.seen.add(key);
    if (b.seen.size() > REMEMBERED) {
      b.seen.remove(b.seen.iterator().next());
    }
    return true;
  }

  private static final class Bucket {
    double tokens;
    long at;
    final Set<String> seen = new java.util.LinkedHashSet<>();

    Bucket(int perMinute, long now) {
      this.tokens = perMinute;
      this.at = now;
    }

    void refill(long now, int perMinute) {
      long elapsed = Math.max(0, now - at);
      tokens = Math.min(perMinute, tokens + (double) elapsed * perMinute / MINUTE_NANOS);
      at = now;
    }
  }
}
