package io.kubecarrier.api.common;

/** The kinds of related resources that travel with an instance. */
public enum RelatedKind {
  Secret,
  ConfigMap
}
