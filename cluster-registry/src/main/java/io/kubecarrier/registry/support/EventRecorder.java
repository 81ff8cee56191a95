package io.kubecarrier.registry.support;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.common.Conditions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Records Kubernetes Events on the objects the registry reconciles. Callers record on transitions
 * only (for example {@code Ready} turning {@code False}), never on every reconciliation, so a
 * broken object does not flood the event stream. Failing to record an event is logged, never fatal.
 */
@Singleton
public class EventRecorder {

  public static final String COMPONENT = "cluster-registry";
  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";

  private static final Logger LOG = Logger.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;

  @Inject
  public EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata about, String reason, String message) {
    record(about, NORMAL, reason, message);
  }

  public void warning(HasMetadata about, String reason, String message) {
    record(about, WARNING, reason, message);
  }

  private void record(HasMetadata about, String type, String reason, String message) {
    Instant now = clock.instant();
    String ns = about.getMetadata().getNamespace();
    String name = about.getMetadata().getName();
    try {
      client
          .v1()
          .events()
          .inNamespace(ns)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withNamespace(ns)
                  .withName(name + "." + Long.toHexString(now.toEpochMilli()) + randomSuffix())
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(about.getApiVersion())
                          .withKind(about.getKind())
                          .withNamespace(ns)
                          .withName(name)
                          .withUid(about.getMetadata().getUid())
                          .withResourceVersion(about.getMetadata().getResourceVersion())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(truncate(message))
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .withFirstTimestamp(Conditions.format(now))
                  .withLastTimestamp(Conditions.format(now))
                  .withCount(1)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warnf("%s/%s: could not record event %s: %s", ns, name, reason, e.getMessage());
    }
  }

  private static String randomSuffix() {
    return Integer.toHexString((int) (Math.random() * 0xfff));
  }

  private static String truncate(String message) {
    return message == null || message.length() <= 1024
        ? message
        : message.substring(0, 1021) + "...";
  }
}
