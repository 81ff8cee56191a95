package io.kubecarrier.testkit.invariants;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The "0 lost" invariant: remembers, per live tenant instance (by uid), the service object it had
 * when first seen with exactly one, and finds instances that no longer have exactly that object
 * (same cluster, namespace, name and uid), or have it only while it is being deleted.
 */
final class Continuity {

  /** The service object first seen for an instance. */
  private record Placement(Observation.Instance instance, ObjectRef object) {}

  private final Map<String, Placement> byInstanceUid = new LinkedHashMap<>();

  /** Violations of {@code o} against what earlier observations saw. */
  List<Violation> lost(Observation o, Scope scope) {
    List<Violation> out = new ArrayList<>();
    for (Observation.Instance i : o.instances()) {
      Placement p = byInstanceUid.get(i.uid());
      if (p == null
          || i.deleting()
          || !scope.includes(i.namespace())
          || o.sawNot(p.object.cluster())) {
        continue;
      }
      List<Observation.ServiceObject> now = o.serviceObjectsOf(i);
      Observation.ServiceObject same =
          now.stream()
              .filter(s -> s.ref().samePlace(p.object) && s.ref().uid().equals(p.object.uid()))
              .findFirst()
              .orElse(null);
      String was = "its service object " + p.object + " (uid " + p.object.uid() + ")";
      if (same == null) {
        out.add(
            new Violation(
                Invariant.LOST,
                i.ref(),
                now.isEmpty()
                    ? was + " is gone"
                    : was
                        + " is gone, now: "
                        + now.stream()
                            .map(s -> s.ref() + " (uid " + s.ref().uid() + ")")
                            .collect(Collectors.joining(", "))));
      } else if (same.deleting()) {
        out.add(
            new Violation(
                Invariant.LOST, i.ref(), was + " is being deleted while the instance lives"));
      }
    }
    return out;
  }

  /**
   * Takes in {@code o}: forgets instances that are gone, being deleted or out of scope, and objects
   * that were lost (so a loss is reported once), and remembers the service object of every live
   * instance that has exactly one and none remembered yet.
   */
  void record(Observation o, Scope scope) {
    Set<String> live = new HashSet<>();
    for (Observation.Instance i : o.instances()) {
      if (!i.deleting() && scope.includes(i.namespace())) {
        live.add(i.uid());
      }
    }
    byInstanceUid.keySet().retainAll(live);
    for (Observation.Instance i : o.instances()) {
      if (!live.contains(i.uid())) {
        continue;
      }
      Placement p = byInstanceUid.get(i.uid());
      if (p != null && o.sawNot(p.object.cluster())) {
        continue;
      }
      List<Observation.ServiceObject> current =
          o.serviceObjectsOf(i).stream().filter(s -> !s.deleting()).toList();
      boolean stillThere =
          p != null
              && current.stream()
                  .anyMatch(
                      s -> s.ref().samePlace(p.object) && s.ref().uid().equals(p.object.uid()));
      if (stillThere) {
        continue;
      }
      byInstanceUid.remove(i.uid());
      if (current.size() == 1) {
        byInstanceUid.put(i.uid(), new Placement(i, current.get(0).ref()));
      }
    }
  }

  /** Forgets the service objects remembered for instances matching {@code which}. */
  void forget(Predicate<Observation.Instance> which) {
    byInstanceUid.values().removeIf(p -> which.test(p.instance));
  }

  /** How many instances have a remembered service object. */
  int remembered() {
    return byInstanceUid.size();
  }
}
