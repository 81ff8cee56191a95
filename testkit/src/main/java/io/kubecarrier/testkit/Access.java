package io.kubecarrier.testkit;

import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import java.util.List;

/**
 * Asks the real RBAC authorizer of a cluster whether a user may do something (SubjectAccessReview),
 * for allow/deny matrices.
 */
public final class Access {

  private final KubeCluster cluster;
  private final String user;
  private final List<String> groups;

  private Access(KubeCluster cluster, String user, List<String> groups) {
    this.cluster = cluster;
    this.user = user;
    this.groups = groups;
  }

  public static Access as(KubeCluster cluster, String user, String... groups) {
    return new Access(cluster, user, List.of(groups));
  }

  /** The identity of a ServiceAccount as the authorizer sees it. */
  public static Access asServiceAccount(KubeCluster cluster, String namespace, String name) {
    return new Access(
        cluster,
        "system:serviceaccount:" + namespace + ":" + name,
        List.of(
            "system:serviceaccounts",
            "system:serviceaccounts:" + namespace,
            "system:authenticated"));
  }

  /**
   * Whether {@code verb} on {@code resource} (form {@code resource} or {@code resource.group},
   * optionally {@code /subresource}) is allowed in {@code namespace} (null: cluster-wide).
   */
  public boolean can(String verb, String resource, String namespace) {
    String sub = null;
    int slash = resource.indexOf('/');
    if (slash > 0) {
      sub = resource.substring(slash + 1);
      resource = resource.substring(0, slash);
    }
    String group = "";
    int dot = resource.indexOf('.');
    if (dot > 0) {
      group = resource.substring(dot + 1);
      resource = resource.substring(0, dot);
    }
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(user)
            .withGroups(groups)
            .withResourceAttributes(
                new ResourceAttributesBuilder()
                    .withVerb(verb)
                    .withGroup(group)
                    .withResource(resource)
                    .withSubresource(sub)
                    .withNamespace(namespace)
                    .build())
            .endSpec()
            .build();
    SubjectAccessReview result =
        cluster.adminClient().authorization().v1().subjectAccessReview().create(review);
    return result.getStatus() != null && Boolean.TRUE.equals(result.getStatus().getAllowed());
  }

  public String user() {
    return user;
  }
}
