package io.kubecarrier.testkit.invariants;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle invariants of the hub (issue 13, docs/lifecycle.md), checked on every cluster of a
 * {@link KubeClusters} with its admin clients. A lifecycle test makes one checker and calls {@link
 * #check} after each step:
 *
 * <pre>{@code
 * HubInvariants hub = HubInvariants.of(KubeClusters.shared()).limitedTo("acme", "team-a");
 * createInstance(...);
 * hub.check("instance created");
 * narrowCatalogSelector(...);
 * hub.check("selector narrowed");
 * }</pre>
 *
 * <ul>
 *   <li><b>0 lost</b>: every live tenant instance that had a service object in an earlier
 *       observation of this checker still has exactly that object (same cluster, namespace, name
 *       and uid), and it is not being deleted. A test that deletes a service object on purpose
 *       calls {@link #forget}.
 *   <li><b>0 duplicated</b>: no tenant instance has more than one service object (not being
 *       deleted) across every service cluster and namespace.
 *   <li><b>0 leaked</b>, once the system has settled (awaited up to {@link #settleWithin the
 *       bound}, 60 s by default): no service object or connection Secret copy without its instance
 *       (same uid); no service-side namespace without its assignment; no assignment neither
 *       published (its Region exists) nor held (the agent's finalizer), nor one being deleted that
 *       is not held; no withdrawn Offering, Role or RoleBinding without an instance of its kind in
 *       its namespace; no Tenant or account namespace without its Account.
 *   <li><b>0 stuck</b>: {@link #awaitGone} awaits that deletions finish within the bound.
 * </ul>
 *
 * <p>A failing check throws an {@link AssertionError} whose message is the {@link InvariantReport}:
 * per invariant the count and the first examples, what was looked at, and the step. Service
 * clusters whose API server is stopped are left out and named in the report. One checker per test;
 * not thread-safe.
 */
public final class HubInvariants {

  /** Default bound for the system to settle and for deletions to finish. */
  public static final Duration DEFAULT_BOUND = Duration.ofSeconds(60);

  private static final Logger LOG = LoggerFactory.getLogger(HubInvariants.class);
  private static final Duration POLL = Duration.ofMillis(500);

  private final KubeClusters clusters;
  private final Observer observer;
  private final Continuity continuity = new Continuity();
  private final Set<String> namespaces = new LinkedHashSet<>();
  private Duration bound = DEFAULT_BOUND;

  private HubInvariants(KubeClusters clusters) {
    this.clusters = clusters;
    this.observer = new Observer(clusters);
  }

  /** A checker of every object of the hub in {@code clusters}, with an empty snapshot. */
  public static HubInvariants of(KubeClusters clusters) {
    return new HubInvariants(clusters);
  }

  /**
   * Limits the checks to what belongs to these management namespaces (tenant and provider
   * namespaces; an account's namespace is named after it), so that tests sharing clusters do not
   * see each other's objects. Objects outside still justify objects inside. Adds to earlier calls.
   */
  public HubInvariants limitedTo(String... managementNamespaces) {
    namespaces.addAll(Arrays.asList(managementNamespaces));
    return this;
  }

  /**
   * Whether a failed request may succeed when repeated (no connection, throttled, a server error):
   * the rule the checker itself follows when a cluster does not answer.
   */
  public static boolean isTransient(Throwable t) {
    return Observer.isTransient(t);
  }

  /** Sets the bound for the system to settle (leaks) and for deletions to finish (default 60 s). */
  public HubInvariants settleWithin(Duration bound) {
    this.bound = bound;
    return this;
  }

  /**
   * Checks every invariant after {@code step}: lost and duplicated on every observation, leaked
   * once it has settled (awaited up to the bound). Updates the snapshot.
   *
   * @return the report (clean)
   * @throws AssertionError with the report when an invariant is violated
   */
  public InvariantReport check(String step) {
    return thrownUnlessClean(verify(step));
  }

  /**
   * {@link #check} without the assertion: the report, clean or not, for a caller that counts
   * violations and goes on (the chaos run). Still throws when the management cluster does not
   * answer within the bound.
   */
  public InvariantReport verify(String step) {
    return settle(
        step,
        EnumSet.of(Invariant.LOST, Invariant.DUPLICATED, Invariant.LEAKED),
        o -> {
          List<Violation> now = new ArrayList<>(continuity.lost(o, scope()));
          now.addAll(Duplicates.find(o, scope()));
          continuity.record(o, scope());
          return now;
        },
        o -> Leaks.find(o, scope()),
        "leaked still there after");
  }

  /**
   * Only the leak part of {@link #check}, awaited up to the bound; does not need (nor update) the
   * snapshot. For tests that check what a teardown leaves but do not follow instances.
   */
  public InvariantReport assertNoLeaks(String step) {
    return thrownUnlessClean(verifyNoLeaks(step));
  }

  /** {@link #assertNoLeaks} without the assertion (see {@link #verify}). */
  public InvariantReport verifyNoLeaks(String step) {
    return settle(
        step,
        EnumSet.of(Invariant.LEAKED),
        o -> List.of(),
        o -> Leaks.find(o, scope()),
        "leaked still there after");
  }

  /**
   * After a teardown: awaits (up to the bound) that nothing of ours is left in scope in any
   * cluster: no tenant instance, tenant CRD, CatalogEntry, service object, service-side namespace,
   * connection Secret copy, assignment, Offering, Region, tenant Role or RoleBinding, Tenant,
   * account namespace or Account.
   */
  public InvariantReport assertNothingLeft(String step) {
    return thrownUnlessClean(
        settle(
            step,
            EnumSet.of(Invariant.LEAKED),
            o -> List.of(),
            o -> Leftovers.find(o, scope()),
            "still there after"));
  }

  /**
   * One look, no waiting and no assertion: the violations of every invariant as they are now (leaks
   * included, unsettled). Updates the snapshot like {@link #check}.
   */
  public InvariantReport report(String step) {
    Observation o = observer.observe();
    List<Violation> v = new ArrayList<>(continuity.lost(o, scope()));
    v.addAll(Duplicates.find(o, scope()));
    v.addAll(Leaks.find(o, scope()));
    continuity.record(o, scope());
    return report(
        step, EnumSet.of(Invariant.LOST, Invariant.DUPLICATED, Invariant.LEAKED), v, o, null);
  }

  /**
   * Forgets the service object remembered for the tenant instances named {@code name} in {@code
   * namespace} (any kind), for a test that deletes or replaces it on purpose: the next check
   * remembers the one it then finds.
   */
  public void forget(String namespace, String name) {
    continuity.forget(i -> i.namespace().equals(namespace) && i.name().equals(name));
  }

  /** {@link #forget(String, String)} for this instance (by uid when it has one). */
  public void forget(HasMetadata instance) {
    String uid = instance.getMetadata().getUid();
    if (uid == null) {
      forget(instance.getMetadata().getNamespace(), instance.getMetadata().getName());
    } else {
      continuity.forget(i -> i.uid().equals(uid));
    }
  }

  /**
   * Awaits, up to the bound, that these management-cluster objects are gone (a re-created object of
   * the same name but another uid counts as gone).
   *
   * @throws AssertionError naming what is still there, its finalizers and conditions
   */
  public InvariantReport awaitGone(String step, HasMetadata... objects) {
    return awaitGone(step, clusters.management(), objects);
  }

  /** {@link #awaitGone(String, HasMetadata...)} in {@code cluster}. */
  public InvariantReport awaitGone(String step, KubeCluster cluster, HasMetadata... objects) {
    return thrownUnlessClean(verifyGone(step, cluster, List.of(objects)));
  }

  /** {@link #awaitGone(String, KubeCluster, HasMetadata...)} without the assertion. */
  public InvariantReport verifyGone(
      String step, KubeCluster cluster, List<? extends HasMetadata> objects) {
    InvariantReport r = Deletions.awaitGone(step, cluster, bound, List.copyOf(objects));
    LOG.info("{}", r.summary());
    return r;
  }

  /** How many instances' service objects the snapshot holds. */
  public int remembered() {
    return continuity.remembered();
  }

  /**
   * Observes until {@code settling} finds nothing (or the bound is over); {@code immediate}
   * violations end the wait at once. Throws with the last report unless it is clean.
   */
  private InvariantReport settle(
      String step,
      Set<Invariant> checked,
      Function<Observation, List<Violation>> immediate,
      Function<Observation, List<Violation>> settling,
      String timeoutNote) {
    AtomicReference<InvariantReport> last = new AtomicReference<>();
    AtomicReference<Observation> lastSeen = new AtomicReference<>();
    AtomicReference<RuntimeException> lastError = new AtomicReference<>();
    try {
      await(step + ": hub invariants")
          .atMost(bound)
          .pollInSameThread()
          .pollDelay(Duration.ZERO)
          .pollInterval(POLL)
          .until(
              () -> {
                Observation o;
                try {
                  o = observer.observe();
                } catch (RuntimeException e) {
                  if (!Observer.isTransient(e)) {
                    throw e;
                  }
                  lastError.set(e); // the management cluster did not answer: look again
                  return false;
                }
                List<Violation> now = immediate.apply(o);
                List<Violation> later = settling.apply(o);
                List<Violation> all = new ArrayList<>(now);
                all.addAll(later);
                lastSeen.set(o);
                last.set(report(step, checked, all, o, null));
                return !now.isEmpty() || (later.isEmpty() && o.unanswered().isEmpty());
              });
    } catch (ConditionTimeoutException e) {
      InvariantReport r = last.get();
      if (r == null) {
        throw new AssertionError(
            "hub invariants after step \""
                + step
                + "\": the management cluster did not answer within "
                + bound.toSeconds()
                + " s",
            lastError.get());
      }
      String note = timeoutNote + " " + bound.toSeconds() + " s";
      if (!lastSeen.get().unanswered().isEmpty()) {
        throw new AssertionError(
            r.withNote(note + "; clusters did not answer: " + lastSeen.get().unanswered().keySet())
                .toString());
      }
      last.set(r.withNote(note));
    }
    InvariantReport r = last.get();
    LOG.info("{}", r.summary());
    return r;
  }

  private static InvariantReport thrownUnlessClean(InvariantReport r) {
    if (!r.clean()) {
      throw new AssertionError(r.toString());
    }
    return r;
  }

  private InvariantReport report(
      String step, Set<Invariant> checked, List<Violation> v, Observation o, String note) {
    return new InvariantReport(
        step, scope().toString(), checked, v, Totals.of(o, scope()), o.notObserved(), note);
  }

  private Scope scope() {
    return namespaces.isEmpty()
        ? Scope.EVERYTHING
        : new Scope(Collections.unmodifiableSet(new LinkedHashSet<>(namespaces)));
  }
}
