package io.kubecarrier.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubecarrier.api.common.Conditions;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events (core/v1) on the objects an operator reconciles, aggregated as client-go's
 * event correlator does: the same event (object, type, reason, message) recorded again does not
 * create a new Event but raises the {@code count} and {@code lastTimestamp} of the one this process
 * created, so an error that repeats on every retry is one line in {@code kubectl describe} with
 * "x12". Events of cluster-scoped objects go to the {@code default} namespace, where {@code kubectl
 * describe} looks for them. Never throws: an event that cannot be written is logged.
 *
 * <p>Needs {@code create} and {@code patch} on {@code events}, nothing else (EventRecorderIT writes
 * as such a user).
 */
public class EventRecorder {

  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  /** Where the events of cluster-scoped objects go. */
  public static final String CLUSTER_SCOPED_NAMESPACE = "default";

  static final int MAX_MESSAGE = 1024;
  static final int REMEMBERED = 4096;

  private static final Logger LOG = Logger.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final String component;

  /** The Events this process wrote, by what they say; the eldest are forgotten first. */
  private final Map<Key, Written> written =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Written> eldest) {
          return size() > REMEMBERED;
        }
      };

  public EventRecorder(KubernetesClient client, Clock clock, String component) {
    this.client = client;
    this.clock = clock;
    this.component = component;
  }

  public void normal(HasMetadata about, String reason, String message) {
    record(about, NORMAL, reason, message);
  }

  public void warning(HasMetadata about, String reason, String message) {
    record(about, WARNING, reason, message);
  }

  /** Records {@code type} ({@link #NORMAL} or {@link #WARNING}) with a reason and a message. */
  public void record(HasMetadata about, String type, String reason, String message) {
    String ns =
        Objects.requireNonNullElse(about.getMetadata().getNamespace(), CLUSTER_SCOPED_NAMESPACE);
    String text = truncate(message);
    Key key =
        new Key(ns, about.getKind(), about.getMetadata().getName(), uid(about), type, reason, text);
    String now = Conditions.format(clock.instant());
    try {
      Written before;
      synchronized (written) {
        before = written.get(key);
      }
      if (before != null && raise(ns, key, before, now)) {
        return;
      }
      Event created = create(about, ns, type, reason, text, now);
      synchronized (written) {
        written.put(key, new Written(created.getMetadata().getName(), 1));
      }
    } catch (RuntimeException e) {
      LOG.warnf(
          "%s %s/%s: could not record event %s: %s",
          about.getKind(), ns, about.getMetadata().getName(), reason, e.getMessage());
    }
  }

  /** Raises the count of an Event written before; false when it is gone (expired or deleted). */
  private boolean raise(String ns, Key key, Written before, String now) {
    int count = before.count() + 1;
    Event patch =
        new EventBuilder()
            .withNewMetadata()
            .withName(before.name())
            .withNamespace(ns)
            .endMetadata()
            .withCount(count)
            .withLastTimestamp(now)
            .build();
    try {
      // a merge patch of the item itself: no read first (the operators may not get events)
      client
          .v1()
          .events()
          .inNamespace(ns)
          .resource(patch)
          .patch(PatchContext.of(PatchType.JSON_MERGE));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
    synchronized (written) {
      written.put(key, new Written(before.name(), count));
    }
    return true;
  }

  private Event create(
      HasMetadata about, String ns, String type, String reason, String message, String now) {
    String name = about.getMetadata().getName();
    return client
        .v1()
        .events()
        .inNamespace(ns)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withGenerateName(prefix(name))
                .withNamespace(ns)
                .endMetadata()
                .withInvolvedObject(
                    new ObjectReferenceBuilder()
                        .withApiVersion(about.getApiVersion())
                        .withKind(about.getKind())
                        .withNamespace(about.getMetadata().getNamespace())
                        .withName(name)
                        .withUid(about.getMetadata().getUid())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource()
                .withComponent(component)
                .endSource()
                .withReportingComponent(component)
                .build())
        .create();
  }

  private static String uid(HasMetadata about) {
    return Objects.requireNonNullElse(about.getMetadata().getUid(), "");
  }

  /** {@code <name>.}, short enough for the random suffix the API server adds. */
  static String prefix(String name) {
    return (name.length() > 200 ? name.substring(0, 200) : name) + ".";
  }

  static String truncate(String message) {
    if (message == null) {
      return "";
    }
    return message.length() <= MAX_MESSAGE
        ? message
        : message.substring(0, MAX_MESSAGE - 3) + "...";
  }

  private record Key(
      String namespace,
      String kind,
      String name,
      String uid,
      String type,
      String reason,
      String message) {}

  private record Written(String name, int count) {}
}
