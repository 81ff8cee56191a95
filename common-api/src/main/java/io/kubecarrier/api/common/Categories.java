package io.kubecarrier.api.common;

/**
 * CRD categories: {@code kubectl get kubecarrier} lists every KubeCarrier object, the others the
 * objects of one actor (DESIGN.md §1).
 */
public final class Categories {

  /** Every KubeCarrier kind. */
  public static final String ALL = "kubecarrier";

  /** Kinds the platform operator manages (Account). */
  public static final String ADMIN = "kubecarrier-admin";

  /** Kinds a service provider manages or reads in its namespace. */
  public static final String PROVIDER = "kubecarrier-provider";

  /** Kinds a tenant reads in its namespace (Offering, Provider, Region). */
  public static final String TENANT = "kubecarrier-tenant";

  private Categories() {}
}
