package io.kubecarrier.registry.connect;

import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One cached client of a service cluster, built from one version of its kubeconfig Secret.
 *
 * @param secretVersion uid and resourceVersion of the Secret the client was built from
 * @param server the API server URL of the kubeconfig
 * @param credentials when the kubeconfig's credentials expire; null when they carry no expiry
 */
public record ServiceClusterConnection(
    String secretVersion,
    String server,
    KubernetesClient client,
    CredentialExpiry credentials,
    AtomicReference<Subject> identityCache) {

  private static final String SA_PREFIX = "system:serviceaccount:";

  ServiceClusterConnection(
      String secretVersion, String server, KubernetesClient client, CredentialExpiry credentials) {
    this(secretVersion, server, client, credentials, new AtomicReference<>());
  }

  ServiceClusterConnection(String secretVersion, String server, KubernetesClient client) {
    this(secretVersion, server, client, null, new AtomicReference<>());
  }

  /** A connection whose credentials' expiry is not known. */
  public ServiceClusterConnection(
      String secretVersion,
      String server,
      KubernetesClient client,
      AtomicReference<Subject> identityCache) {
    this(secretVersion, server, client, null, identityCache);
  }

  /**
   * Who the kubeconfig authenticates as in the service cluster, as an RBAC subject (from a
   * SelfSubjectReview, asked once per client).
   */
  public Subject identity() {
    Subject s = identityCache.get();
    if (s == null) {
      SelfSubjectReview review =
          client
              .authentication()
              .v1()
              .selfSubjectReviews()
              .create(new SelfSubjectReviewBuilder().build());
      s = subjectOf(review.getStatus().getUserInfo().getUsername());
      identityCache.compareAndSet(null, s);
    }
    return s;
  }

  /** The RBAC subject for a user name: a ServiceAccount for service-account users, else a User. */
  public static Subject subjectOf(String username) {
    if (username.startsWith(SA_PREFIX)) {
      String[] parts = username.substring(SA_PREFIX.length()).split(":", 2);
      if (parts.length == 2) {
        return new SubjectBuilder()
            .withKind("ServiceAccount")
            .withNamespace(parts[0])
            .withName(parts[1])
            .build();
      }
    }
    return new SubjectBuilder()
        .withKind("User")
        .withApiGroup("rbac.authorization.k8s.io")
        .withName(username)
        .build();
  }
}
