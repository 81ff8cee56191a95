package io.kubecarrier.testkit.invariants;

import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * Which objects a check is about: everything, or what belongs to some management namespaces (tenant
 * or provider namespaces), so that tests sharing clusters do not see each other's objects. Objects
 * outside the scope still justify those inside (an instance owns its service object wherever it
 * is), they are only not checked themselves.
 */
record Scope(Set<String> namespaces) {

  static final Scope EVERYTHING = new Scope(Set.of());

  boolean everything() {
    return namespaces.isEmpty();
  }

  /** Whether an object related to any of these management namespaces is in scope. */
  boolean includes(String... relatedNamespaces) {
    return everything()
        || Arrays.stream(relatedNamespaces).filter(Objects::nonNull).anyMatch(namespaces::contains);
  }

  @Override
  public String toString() {
    return everything() ? "every namespace" : "namespaces " + namespaces;
  }
}
