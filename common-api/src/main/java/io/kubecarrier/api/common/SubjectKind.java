package io.kubecarrier.api.common;

/** Kind of an RBAC {@link Subject}, as in {@code rbac/v1 Subject.kind}. */
public enum SubjectKind {
  /** A user known to the API server's authenticator. */
  User,
  /** A group of users. */
  Group,
  /** A ServiceAccount; needs a namespace. */
  ServiceAccount
}
