package io.kubecarrier.testkit.invariants;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kubecarrier.testkit.KubeCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The "0 stuck" invariant: deletions finish within a bound. What is still there when the bound is
 * over is reported with its deletion timestamp, finalizers and conditions (both {@code
 * status.conditions} and a tenant instance's {@code status.kubecarrier.conditions}).
 */
final class Deletions {

  private Deletions() {}

  /** The report after awaiting that every one of {@code objects} is gone from {@code cluster}. */
  static InvariantReport awaitGone(
      String step, KubeCluster cluster, Duration bound, List<? extends HasMetadata> objects) {
    KubernetesClient client = cluster.adminClient();
    try {
      await(step + ": deletions finish")
          .atMost(bound)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptionsMatching(Observer::isTransient)
          .until(() -> stillThere(client, objects).isEmpty());
      return report(step, List.of(), null);
    } catch (ConditionTimeoutException e) {
      List<Violation> stuck = new ArrayList<>();
      for (GenericKubernetesResource r : stillThere(client, objects)) {
        stuck.add(
            new Violation(
                Invariant.STUCK, Observer.ref(cluster.name(), kindOf(r), r), describe(r)));
      }
      return report(step, stuck, "not gone within " + bound.toSeconds() + " s");
    }
  }

  private static InvariantReport report(String step, List<Violation> stuck, String note) {
    return new InvariantReport(
        step, "the objects awaited", Set.of(Invariant.STUCK), stuck, null, Map.of(), note);
  }

  /** The current state of those of {@code objects} that still exist (same uid when known). */
  private static List<GenericKubernetesResource> stillThere(
      KubernetesClient client, List<? extends HasMetadata> objects) {
    List<GenericKubernetesResource> out = new ArrayList<>();
    for (HasMetadata o : objects) {
      var kind = client.genericKubernetesResources(o.getApiVersion(), o.getKind());
      String ns = o.getMetadata().getNamespace();
      Resource<GenericKubernetesResource> r =
          ns == null
              ? kind.withName(o.getMetadata().getName())
              : kind.inNamespace(ns).withName(o.getMetadata().getName());
      GenericKubernetesResource now = r.get();
      String uid = o.getMetadata().getUid();
      if (now != null && (uid == null || uid.equals(now.getMetadata().getUid()))) {
        out.add(now);
      }
    }
    return out;
  }

  private static String kindOf(GenericKubernetesResource r) {
    String v = r.getApiVersion();
    return v.contains("/") ? r.getKind() + "." + v.substring(0, v.indexOf('/')) : r.getKind();
  }

  /** Deletion timestamp, finalizers and conditions of {@code r}. */
  static String describe(GenericKubernetesResource r) {
    StringBuilder b = new StringBuilder();
    String since = r.getMetadata().getDeletionTimestamp();
    b.append(since == null ? "not being deleted" : "being deleted since " + since);
    List<String> finalizers = r.getMetadata().getFinalizers();
    b.append("; finalizers ").append(finalizers == null ? List.of() : finalizers);
    String conditions =
        conditions(Observer.path(r, "status"))
            + conditions(Observer.path(r, "status", "kubecarrier"));
    if (!conditions.isEmpty()) {
      b.append("; conditions:").append(conditions);
    }
    return b.toString();
  }

  static String conditions(Map<String, Object> status) {
    if (!(status.get("conditions") instanceof List<?> list)) {
      return "";
    }
    return list.stream()
        .filter(Map.class::isInstance)
        .map(Map.class::cast)
        .map(
            c ->
                " "
                    + c.get("type")
                    + "="
                    + c.get("status")
                    + (c.get("reason") == null ? "" : "/" + c.get("reason"))
                    + (c.get("message") == null ? "" : " (" + c.get("message") + ")"))
        .collect(Collectors.joining(";"));
  }
}
