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

  private Annotations() {}
}
