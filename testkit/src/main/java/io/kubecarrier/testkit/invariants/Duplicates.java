package io.kubecarrier.testkit.invariants;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The "0 duplicated" invariant: no tenant instance has more than one service object (not being
 * deleted) across every service cluster and namespace, matched by owner labels, and by owner uid
 * where the object carries one.
 */
final class Duplicates {

  private Duplicates() {}

  static List<Violation> find(Observation o, Scope scope) {
    List<Violation> out = new ArrayList<>();
    for (Observation.Instance i : o.instances()) {
      if (!scope.includes(i.namespace())) {
        continue;
      }
      List<Observation.ServiceObject> copies =
          o.serviceObjectsOf(i).stream().filter(s -> !s.deleting()).toList();
      if (copies.size() > 1) {
        out.add(
            new Violation(
                Invariant.DUPLICATED,
                i.ref(),
                copies.size()
                    + " service objects: "
                    + copies.stream()
                        .map(s -> s.ref() + " (uid " + s.ref().uid() + ")")
                        .collect(Collectors.joining(", "))));
      }
    }
    return out;
  }
}
