package io.kubecarrier.e2e;

import io.kubecarrier.testkit.K8sBinaries;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** What {@code ./kc up} prints at the end: how to use the running hub. */
final class Usage {
  private Usage() {}

  static String text(Hub hub, Path dir, Walkthrough.Outcome outcome) {
    String kubectl = K8sBinaries.binary("kubectl").toString();
    String operators =
        hub.operators().entrySet().stream()
            .map(
                e ->
                    "  %-18s log %s%n  %-18s metrics %s/q/metrics  health %s/q/health/ready"
                        .formatted(
                            e.getKey(),
                            e.getValue().logFile(),
                            "",
                            e.getValue().baseUrl(),
                            e.getValue().baseUrl()))
            .collect(Collectors.joining("\n"));
    return """

        KubeCarrier is running.

        Kubeconfigs
          platform operator (admin)  %1$s/management.kubeconfig
          provider acme-admin        %1$s/acme-admin.kubeconfig
          tenant alice (team-a)      %1$s/alice.kubeconfig
          tenant bob (team-b)        %1$s/bob.kubeconfig
          service cluster eu-west-1  %1$s/eu-west-1.kubeconfig
          service cluster us-east-1  %1$s/us-east-1.kubeconfig

        Try
          alias kubectl=%2$s
          kubectl --kubeconfig %1$s/management.kubeconfig get accounts
          kubectl --kubeconfig %1$s/acme-admin.kubeconfig -n acme get serviceclusters,catalogentrysets,catalogs
          kubectl --kubeconfig %1$s/alice.kubeconfig -n team-a get offerings,regions
          kubectl --kubeconfig %1$s/alice.kubeconfig -n team-a get %3$s
          kubectl --kubeconfig %1$s/alice.kubeconfig -n team-b get %3$s   # forbidden: not her namespace
          kubectl --kubeconfig %1$s/eu-west-1.kubeconfig get redis -A

        Operators
        %4$s

        Stop and remove everything: ./kc down
        """
        .formatted(dir, kubectl, outcome.redisPlural(), operators);
  }
}
