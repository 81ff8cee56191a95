package io.kubecarrier.registry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the cluster registry ({@code kubecarrier.registry.*} in application.properties). */
@ConfigMapping(prefix = "kubecarrier.registry")
public interface RegistryConfig {

  /** Time between two heartbeats of a service cluster. */
  @WithDefault("10s")
  Duration heartbeatInterval();

  /**
   * How long a service cluster that answered before may stay silent before its {@code
   * ServiceClusterReachable} condition becomes {@code Unknown} and {@code Ready} {@code False}.
   */
  @WithDefault("40s")
  Duration heartbeatGrace();

  /** Connect and request timeout of every call to a service cluster. */
  @WithDefault("5s")
  Duration requestTimeout();

  /**
   * Longest wait between two attempts for errors a retry alone does not fix (missing Secret, bad
   * kubeconfig, rejected credentials, TLS failure). Retries start at the heartbeat interval and
   * grow with the time the error has lasted, up to this.
   */
  @WithDefault("60s")
  Duration errorBackoffMax();

  /**
   * How long before the credentials of its kubeconfig expire (a JWT token's {@code exp}, a client
   * certificate's notAfter) a ServiceCluster turns {@code CredentialsExpiring=True}.
   */
  @WithDefault("7d")
  Duration credentialsExpiryWarning();

  /** Time between two checks of a discovered CRD in its service cluster. */
  @WithDefault("30s")
  Duration discoveryInterval();

  /** Time between two checks that the namespace of a ready assignment still exists. */
  @WithDefault("60s")
  Duration assignmentResyncInterval();

  /**
   * ClusterRole of the service cluster that the registry binds, in each namespace it creates there,
   * to its own identity (see {@code k8s/service-cluster/}).
   */
  @WithDefault("kubecarrier-service-namespace")
  String serviceNamespaceClusterRole();

  /** Name of the RoleBinding the registry creates in each service-side namespace. */
  @WithDefault("kubecarrier")
  String serviceNamespaceRoleBinding();
}
