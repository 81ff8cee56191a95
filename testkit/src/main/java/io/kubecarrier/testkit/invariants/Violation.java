package io.kubecarrier.testkit.invariants;

/**
 * One broken invariant: which, the object it is about, and why.
 *
 * @param invariant the invariant broken
 * @param object the object (for LOST and DUPLICATED the tenant instance)
 * @param why what is wrong, naming the other objects involved
 */
public record Violation(Invariant invariant, ObjectRef object, String why) {

  @Override
  public String toString() {
    return object + ": " + why;
  }
}
