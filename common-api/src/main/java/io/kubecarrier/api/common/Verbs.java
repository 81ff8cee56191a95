package io.kubecarrier.api.common;

/**
 * Custom RBAC verbs on tenant resources (the plural of a tenant CRD), checked by the admission
 * policy of each tenant CRD through the API server's authorizer. Like {@code bind} or {@code
 * escalate}, they grant no API call by themselves.
 */
public final class Verbs {

  /**
   * Create new instances: the tenant Role of a published offering has it, the Role kept for a
   * withdrawn offering does not (existing instances stay readable, editable and deletable).
   */
  public static final String ORDER = "order";

  /**
   * Set or change {@link Annotations#ORPHAN} on an instance: a platform decision (cluster admins
   * hold every verb); tenant Roles never have it.
   */
  public static final String ORPHAN = "orphan";

  /**
   * Add, change or remove KubeCarrier's own {@code kubecarrier.io/} labels, annotations and
   * finalizers on an instance (all but {@link Labels#REGION}, which has rules of its own, and
   * {@link Annotations#ORPHAN}, which needs {@link #ORPHAN}): the propagation agent holds it (its
   * finalizer, the annotation kubecarrier.io/source of adopted instances), cluster admins hold
   * every verb; tenant Roles never have it, so a tenant cannot detach its instance from the copy in
   * the provider's service cluster.
   */
  public static final String MANAGE = "manage";

  private Verbs() {}
}
