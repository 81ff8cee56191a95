package io.kubecarrier.catalog.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Drops the ServiceCluster updates that only record a heartbeat (issue 19). The cluster registry
 * writes the status of every ServiceCluster at every heartbeat (10 s), and the catalog operator
 * maps a ServiceCluster to every CatalogEntrySet and Catalog of its namespace: without this filter
 * each heartbeat re-ran them all.
 *
 * <p>An update is a heartbeat when the two versions differ in nothing but {@code
 * metadata.resourceVersion}, {@code metadata.managedFields}, {@code status.lastHeartbeatTime} and,
 * in conditions, what is not type, status, reason or message ({@code lastTransitionTime}, {@code
 * observedGeneration}, a per-condition heartbeat time). Everything else reaches the controllers:
 * labels (the selectors), spec (Region texts), deletion, a condition that turns (Ready, Reachable)
 * or says something new, a new Kubernetes version. Creations and deletions are not filtered.
 *
 * <p>Metric {@code kubecarrier_catalog_servicecluster_updates_total{source, result}}: {@code
 * heartbeat} (dropped) or {@code change} (passed on), per event source.
 */
public final class HeartbeatFilter implements OnUpdateFilter<ServiceCluster> {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** What a condition says; the rest of it is bookkeeping. */
  private static final Set<String> CONDITION_FIELDS = Set.of("type", "status", "reason", "message");

  private final Counter heartbeats;
  private final Counter changes;

  /** A filter of the event source {@code source}, counted in {@code meters}. */
  public HeartbeatFilter(String source, MeterRegistry meters) {
    heartbeats = counter(meters, source, "heartbeat");
    changes = counter(meters, source, "change");
  }

  @Override
  public boolean accept(ServiceCluster now, ServiceCluster before) {
    if (isHeartbeat(before, now)) {
      heartbeats.increment();
      return false;
    }
    changes.increment();
    return true;
  }

  /** Whether {@code now} differs from {@code before} only in what a heartbeat writes. */
  public static boolean isHeartbeat(ServiceCluster before, ServiceCluster now) {
    return before != null && now != null && Objects.equals(said(before), said(now));
  }

  /** What a ServiceCluster says, without what a heartbeat changes. */
  static JsonNode said(ServiceCluster cluster) {
    ObjectNode tree = JSON.convertValue(cluster, ObjectNode.class);
    if (tree.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove(List.of("resourceVersion", "managedFields"));
    }
    if (tree.get("status") instanceof ObjectNode status) {
      status.remove("lastHeartbeatTime");
      if (status.get("conditions") instanceof ArrayNode conditions) {
        conditions.forEach(
            c -> {
              if (c instanceof ObjectNode condition) {
                condition.retain(CONDITION_FIELDS);
              }
            });
      }
    }
    return tree;
  }

  private static Counter counter(MeterRegistry meters, String source, String result) {
    return Counter.builder("kubecarrier.catalog.servicecluster.updates")
        .description(
            "ServiceCluster updates seen by an event source: heartbeat (dropped) or change (passed"
                + " on to the controller)")
        .tag("source", source)
        .tag("result", result)
        .register(meters);
  }
}
