package io.kubecarrier.propagation.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** The work queue: keys deduplicated, never processed twice at once, backoff. */
class WorkQueueTest {

  @Test
  void queueDeduplicatesAndBacksOff() throws Exception {
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
    try {
      WorkQueue<String> q = new WorkQueue<>(s, Duration.ofMillis(100), Duration.ofSeconds(1));
      q.add("a");
      q.add("a");
      q.add("b");
      assertThat(q.depth()).isEqualTo(2);
      assertThat(q.take()).isEqualTo("a");
      q.add("a"); // changed while processing: queued again after done
      assertThat(q.take()).isEqualTo("b");
      q.done("b");
      q.done("a");
      assertThat(q.take()).isEqualTo("a");
      q.done("a");
      assertThat(WorkQueue.backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 1))
          .isEqualTo(Duration.ofMillis(100));
      assertThat(WorkQueue.backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 3))
          .isEqualTo(Duration.ofMillis(400));
      assertThat(WorkQueue.backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 30))
          .isEqualTo(Duration.ofSeconds(1));
    } finally {
      s.shutdownNow();
    }
  }
}
