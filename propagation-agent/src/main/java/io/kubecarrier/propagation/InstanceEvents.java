package io.kubecarrier.propagation;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.api.common.Conditions;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Kubernetes Events on tenant instances, emitted when a condition turns False. */
final class InstanceEvents {

  static final String COMPONENT = "propagation-agent";
  private static final Logger LOG = Logger.getLogger(InstanceEvents.class);

  private final KubernetesClient client;
  private final Clock clock;

  InstanceEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  void warning(GenericKubernetesResource tenant, String reason, String message) {
    emit(tenant, "Warning", reason, message);
  }

  void normal(GenericKubernetesResource tenant, String reason, String message) {
    emit(tenant, "Normal", reason, message);
  }

  private void emit(GenericKubernetesResource tenant, String type, String reason, String message) {
    String ns = tenant.getMetadata().getNamespace();
    String now = Conditions.format(clock.instant());
    try {
      client
          .v1()
          .events()
          .inNamespace(ns)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withGenerateName(tenant.getMetadata().getName() + ".")
                  .withNamespace(ns)
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion(tenant.getApiVersion())
                  .withKind(tenant.getKind())
                  .withName(tenant.getMetadata().getName())
                  .withNamespace(ns)
                  .withUid(tenant.getMetadata().getUid())
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message.length() > 1000 ? message.substring(0, 1000) : message)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .build())
          .create();
    } catch (RuntimeException e) {
      LOG.debugf("event on %s/%s not recorded: %s", ns, tenant.getMetadata().getName(), e);
    }
  }
}
