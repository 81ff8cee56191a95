package io.kubecarrier.testkit.invariants;

/** The lifecycle invariants of the hub (issue 13, docs/lifecycle.md). */
public enum Invariant {
  /** A live tenant instance's service object is gone, replaced (new uid) or being deleted. */
  LOST("lost"),
  /** A tenant instance has more than one service object. */
  DUPLICATED("duplicated"),
  /** Something of ours outlived what justifies it, after the system settled. */
  LEAKED("leaked"),
  /** A deletion did not finish within its bound. */
  STUCK("stuck");

  private final String word;

  Invariant(String word) {
    this.word = word;
  }

  /** The word used in reports: {@code lost}, {@code duplicated}, {@code leaked}, {@code stuck}. */
  public String word() {
    return word;
  }
}
