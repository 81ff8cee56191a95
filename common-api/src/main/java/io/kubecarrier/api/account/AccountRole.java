package io.kubecarrier.api.account;

/** What an Account may do in the hub. */
public enum AccountRole {
  /** The account offers services: it registers ServiceClusters and CatalogEntrySets. */
  Provider,
  /** The account consumes services: it sees Offerings and creates instances. */
  Tenant
}
