package io.kubecarrier.propagation;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Gives the leader-election Lease up when the agent stops, as client-go's {@code ReleaseOnCancel}
 * does: the operator SDK (5.3) keeps holding it, so a restarted or replacing agent waited out the
 * whole lease (15 s) before propagating anything (measured in docs/benchmarks.md). Runs after the
 * SDK has stopped leading (its shutdown observer has the default priority), and only when the Lease
 * still names this process.
 */
@ApplicationScoped
public class LeaseRelease {

  private static final Logger LOG = Logger.getLogger(LeaseRelease.class);

  @Inject KubernetesClient client;
  @Inject AgentConfig config;

  void release(@Observes @Priority(3200) ShutdownEvent event) {
    // the SDK closes the injected client when it stops: a client of our own for this last request
    try (KubernetesClient own =
        new KubernetesClientBuilder().withConfig(client.getConfiguration()).build()) {
      var leases = own.leases().inNamespace(client.getNamespace());
      Lease current = leases.withName(config.leaseName()).get();
      if (current == null
          || current.getSpec() == null
          || !Producers.IDENTITY.equals(current.getSpec().getHolderIdentity())) {
        return;
      }
      current.getSpec().setHolderIdentity("");
      current.getSpec().setLeaseDurationSeconds(1);
      leases.resource(current).update();
      LOG.infof("released Lease %s", config.leaseName());
    } catch (RuntimeException e) {
      // another agent took it meanwhile, the API server or the client is gone: it expires anyway
      LOG.debugf("Lease %s not released: %s", config.leaseName(), e.toString());
    }
  }
}
