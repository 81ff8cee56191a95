package io.kubecarrier.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.operator.events.EventRecorder;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The beans every operator shares: the one {@link Clock} every timestamp comes from (a test may
 * replace it, it is a default bean) and the {@link EventRecorder}, whose events name the operator
 * ({@code quarkus.application.name}) as their source.
 */
public class RuntimeProducers {

  @Produces
  @Singleton
  @DefaultBean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  @DefaultBean
  EventRecorder events(
      KubernetesClient client,
      Clock clock,
      @ConfigProperty(name = "quarkus.application.name") String component) {
    return new EventRecorder(client, clock, component);
  }
}
