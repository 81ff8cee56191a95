package io.kubecarrier.catalog.support;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.api.common.Conditions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Locale;
import org.jboss.logging.Logger;

/** Kubernetes Events (core/v1) on the objects this operator reconciles. Never throws. */
@ApplicationScoped
public class EventRecorder {

  private static final Logger LOG = Logger.getLogger(EventRecorder.class);

  /** {@code type} of events about normal progress. */
  public static final String NORMAL = "Normal";

  /** {@code type} of events about something a person should look at. */
  public static final String WARNING = "Warning";

  @Inject KubernetesClient client;
  @Inject Clock clock;

  /** Records an event on {@code about} (namespaced objects only; others are only logged). */
  public void record(HasMetadata about, String type, String reason, String message) {
    String ns = about.getMetadata().getNamespace();
    if (ns == null) {
      return;
    }
    String now = Conditions.format(clock.instant());
    try {
      client
          .v1()
          .events()
          .inNamespace(ns)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(about.getMetadata().getName() + ".")
                  .withNamespace(ns)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(about.getApiVersion())
                          .withKind(about.getKind())
                          .withNamespace(ns)
                          .withName(about.getMetadata().getName())
                          .withUid(about.getMetadata().getUid())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withReportingComponent(Ownership.FIELD_MANAGER)
                  .withNewSource()
                  .withComponent(Ownership.FIELD_MANAGER)
                  .endSource()
                  .build())
          .create();
    } catch (RuntimeException e) {
      LOG.debugf(
          "%s %s: could not record event %s: %s",
          about.getKind().toLowerCase(Locale.ROOT), Ownership.ref(about), reason, e.getMessage());
    }
  }
}
