package io.kubecarrier.api.common;

/** Annotation keys read or set by KubeCarrier. */
public final class Annotations {

  /**
   * On a tenant instance, value {@code "true"}: when the instance is deleted, leave its copy in the
   * service cluster in place (only the ownership labels are removed).
   */
  public static final String ORPHAN = Labels.PREFIX + "orphan";

  /** Value of {@link #ORPHAN} that enables it. */
  public static final String ORPHAN_TRUE = "true";

  /**
   * On tenant CRDs and service-side objects: the CatalogEntry (namespace/name) or tenant object
   * (namespace/name) they were made from, for people; programs use the labels.
   */
  public static final String SOURCE = Labels.PREFIX + "source";

  /** On tenant instances: RFC 3339 time of the last successful sync, for people. */
  public static final String LAST_SYNC_TIME = Labels.PREFIX + "last-sync-time";

  /**
   * On a service-side object left in place by an {@link #ORPHAN orphaned} deletion: the tenant
   * object ({@code namespace/name}) it belonged to. The propagation agent does not adopt objects
   * that carry it; remove it to have the object adopted again.
   */
  public static final String ORPHANED_FROM = Labels.PREFIX + "orphaned-from";

  /**
   * On a ServiceCluster, value {@code "true"}: the provider lets go of a cluster that is gone for
   * good. Deletions that would wait for the cluster while it does not answer finish without it
   * (instances, assignments), each reported by a Warning event naming what stays behind there.
   */
  public static final String LET_GO = Labels.PREFIX + "let-go";

  /** Value of {@link #LET_GO} that enables it. */
  public static final String LET_GO_TRUE = "true";

  /**
   * On service-side objects: hash of what the propagation agent last applied (exposed spec, labels,
   * annotations), so that a field removed from the tenant's spec is applied, and so removed, too.
   */
  public static final String APPLIED_HASH = Labels.PREFIX + "applied-hash";

  private Annotations() {}
}
