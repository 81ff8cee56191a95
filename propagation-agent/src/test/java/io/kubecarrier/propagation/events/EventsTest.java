package io.kubecarrier.propagation.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The pure parts of event mirroring: what a mirrored Event says, and the rate limit. */
class EventsTest {

  private static Event event(String type, String reason, String message, Integer count) {
    return new EventBuilder()
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withCount(count)
        .withNewInvolvedObject()
        .withApiVersion("cache.example.com/v1")
        .withKind("Redis")
        .withNamespace("kc-a")
        .withName("c1")
        .endInvolvedObject()
        .build();
  }

  @Test
  void theMirroredEventNamesTheClusterAndKeepsTypeAndReason() {
    MirroredEvents.Mirrored m =
        MirroredEvents.of(event("Warning", "BackupFailed", " disk full ", 1), "eu-west-1");
    assertThat(m.type()).isEqualTo("Warning");
    assertThat(m.reason()).isEqualTo("BackupFailed");
    assertThat(m.message()).isEqualTo("[eu-west-1] disk full");
    MirroredEvents.Mirrored odd = MirroredEvents.of(event("Odd", "", null, null), "us-east-1");
    assertThat(odd.type()).isEqualTo("Normal");
    assertThat(odd.reason()).isEqualTo("ServiceEvent");
    assertThat(odd.message()).isEqualTo("[us-east-1] ");
  }

  @Test
  void onlyEventsAboutTheServiceKindInTheNamespaceAreAboutOurObjects() {
    Event e = event("Normal", "R", "m", 1);
    assertThat(MirroredEvents.about(e, "cache.example.com", "Redis", "kc-a")).isPresent();
    assertThat(MirroredEvents.about(e, "other.example.com", "Redis", "kc-a")).isEmpty();
    assertThat(MirroredEvents.about(e, "cache.example.com", "Redis", "kc-b")).isEmpty();
    assertThat(MirroredEvents.about(e, "cache.example.com", "Memcached", "kc-a")).isEmpty();
    e.getInvolvedObject().setApiVersion("cache.example.com/v2");
    assertThat(MirroredEvents.about(e, "cache.example.com", "Redis", "kc-a"))
        .as("any version of the group")
        .isPresent();
  }

  @Test
  void aRepeatIsACountThatGrewOrATimestampThatMoved() {
    Event one = event("Normal", "R", "m", 1);
    Event two = event("Normal", "R", "m", 2);
    assertThat(MirroredEvents.repeated(one, two)).isTrue();
    assertThat(MirroredEvents.repeated(two, two)).isFalse();
    Event later = event("Normal", "R", "m", 2);
    later.setLastTimestamp("2026-01-01T00:00:01Z");
    assertThat(MirroredEvents.repeated(two, later)).isTrue();
    assertThat(MirroredEvents.count(event("Normal", "R", "m", null))).isEqualTo(1);
  }

  @Test
  void newDistinctEventsAreLimitedPerInstanceRepeatsAreNot() {
    AtomicLong now = new AtomicLong();
    EventRateLimit limit = new EventRateLimit(3, now::get);
    assertThat(limit.allow("a", "1")).isTrue();
    assertThat(limit.allow("a", "2")).isTrue();
    assertThat(limit.allow("a", "3")).isTrue();
    assertThat(limit.allow("a", "4")).as("the fourth new one in a minute").isFalse();
    assertThat(limit.allow("a", "1")).as("a repeat").isTrue();
    assertThat(limit.allow("b", "4")).as("another instance has its own budget").isTrue();
    now.addAndGet(20_000_000_000L); // 20 s: one token back
    assertThat(limit.allow("a", "4")).isTrue();
    assertThat(limit.allow("a", "5")).isFalse();
    now.addAndGet(600_000_000_000L); // long after: a full bucket, not more
    assertThat(limit.allow("a", "6")).isTrue();
    assertThat(limit.allow("a", "7")).isTrue();
    assertThat(limit.allow("a", "8")).isTrue();
    assertThat(limit.allow("a", "9")).isFalse();
    assertThat(new EventRateLimit(0, now::get).allow("a", "1")).as("0 mirrors none").isFalse();
  }
}
