package io.kubecarrier.api.common;

/** Which way a related resource travels. */
public enum RelatedDirection {
  /** From the tenant instance's namespace to its service namespace (input the operator reads). */
  Down,
  /** From the service namespace to the tenant instance's namespace (output the operator writes). */
  Up
}
