package io.kubecarrier.propagation.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.util.Objects;
import java.util.Optional;

/**
 * What a service operator's Event says, as the Event mirrored onto the tenant instance: same type
 * and reason, the message prefixed with the service cluster ({@code "[eu-west-1] ..."}). Pure.
 */
public final class MirroredEvents {

  /** The type used when the service Event has none (or an invalid one). */
  static final String NORMAL = "Normal";

  static final String WARNING = "Warning";

  private MirroredEvents() {}

  /** An Event as mirrored: its type, reason and message. */
  public record Mirrored(String type, String reason, String message) {
    /** What tells two distinct events of one instance apart (for the rate limit). */
    public String key() {
      return type + "\u0000" + reason + "\u0000" + message;
    }
  }

  /** The mirrored form of {@code e}, seen in the service cluster {@code cluster}. */
  public static Mirrored of(Event e, String cluster) {
    String type = WARNING.equals(e.getType()) ? WARNING : NORMAL;
    String reason =
        e.getReason() == null || e.getReason().isBlank() ? "ServiceEvent" : e.getReason();
    String message = Objects.requireNonNullElse(e.getMessage(), "").strip();
    return new Mirrored(type, reason, "[" + cluster + "] " + message);
  }

  /**
   * How often the service cluster says it saw {@code e}: {@code series.count} (events.k8s.io), else
   * {@code count}, else 1.
   */
  public static int count(Event e) {
    if (e.getSeries() != null && e.getSeries().getCount() != null) {
      return e.getSeries().getCount();
    }
    return e.getCount() == null ? 1 : e.getCount();
  }

  /**
   * Whether an update of a service Event is a repeat to mirror: its count grew, or (for writers
   * that do not count) its last timestamp moved.
   */
  public static boolean repeated(Event before, Event after) {
    return count(after) > count(before)
        || (count(after) == count(before)
            && after.getLastTimestamp() != null
            && !after.getLastTimestamp().equals(before.getLastTimestamp()));
  }

  /**
   * The service object an Event is about ({@code namespace/name}) when it is one of {@code group}
   * (any version) in {@code namespace}; empty otherwise.
   */
  public static Optional<ObjectReference> about(
      Event e, String group, String kind, String namespace) {
    ObjectReference o = e.getInvolvedObject();
    if (o == null
        || o.getName() == null
        || !kind.equals(o.getKind())
        || !namespace.equals(Objects.requireNonNullElse(o.getNamespace(), namespace))
        || !group.equals(group(o.getApiVersion()))) {
      return Optional.empty();
    }
    return Optional.of(o);
  }

  /** The group of an {@code apiVersion} ({@code ""} for the core group). */
  static String group(String apiVersion) {
    if (apiVersion == null) {
      return "";
    }
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }
}
