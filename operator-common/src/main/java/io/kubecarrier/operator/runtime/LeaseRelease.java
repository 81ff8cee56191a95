package io.kubecarrier.operator.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Gives the leader-election Lease up when the operator stops, as client-go's {@code
 * ReleaseOnCancel} does: the operator SDK (5.3) keeps holding it, so a restarted or replacing
 * operator waited out the whole lease (15 s) before reconciling anything (measured in
 * docs/benchmarks.md). Runs after the SDK has stopped leading (its shutdown observer has the
 * default priority), and only when the Lease still names this process. Needs {@code get} and {@code
 * update} on its own Lease.
 */
@ApplicationScoped
public class LeaseRelease {

  private static final Logger LOG = Logger.getLogger(LeaseRelease.class);

  @Inject KubernetesClient client;
  @Inject Instance<LeaderElectionConfiguration> leaderElection;

  void release(@Observes @Priority(3200) ShutdownEvent event) {
    if (!leaderElection.isResolvable()) {
      return;
    }
    LeaderElectionConfiguration config = leaderElection.get();
    String identity = config.getIdentity().orElse(null);
    String leaseName = config.getLeaseName();
    if (identity == null) {
      return;
    }
    // the SDK closes the injected client when it stops: a client of our own for this last request
    try (KubernetesClient own =
        new KubernetesClientBuilder().withConfig(client.getConfiguration()).build()) {
      var leases =
          own.leases().inNamespace(config.getLeaseNamespace().orElse(client.getNamespace()));
      Lease current = leases.withName(leaseName).get();
      if (current == null
          || current.getSpec() == null
          || !identity.equals(current.getSpec().getHolderIdentity())) {
        return;
      }
      current.getSpec().setHolderIdentity("");
      current.getSpec().setLeaseDurationSeconds(1);
      leases.resource(current).update();
      LOG.infof("released Lease %s", leaseName);
    } catch (RuntimeException e) {
      // another process took it meanwhile, the API server or the client is gone: it expires anyway
      LOG.debugf("Lease %s not released: %s", leaseName, e.toString());
    }
  }
}
