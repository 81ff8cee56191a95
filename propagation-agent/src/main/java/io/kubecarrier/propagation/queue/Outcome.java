package io.kubecarrier.propagation.queue;

import java.time.Duration;

/** What a worker does with an item after reconciling it. */
public record Outcome(Kind kind, Duration after) {

  public enum Kind {
    /** Nothing more to do until the next event. */
    DONE,
    /** Failed: retry with the item's exponential backoff. */
    RETRY,
    /** Look again after {@link #after()} (waiting for something outside the agent). */
    REQUEUE
  }

  public static final Outcome DONE = new Outcome(Kind.DONE, Duration.ZERO);
  public static final Outcome RETRY = new Outcome(Kind.RETRY, Duration.ZERO);

  public static Outcome after(Duration d) {
    return new Outcome(Kind.REQUEUE, d);
  }
}
