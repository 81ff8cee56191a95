package io.kubecarrier.propagation.status;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.propagation.apply.ExposedPaths;
import io.kubecarrier.propagation.placement.Placement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The status of a tenant instance: the (exposed) status of its service-side object, plus our block
 * {@code status.kubecarrier} with {@code serviceCluster}, {@code serviceNamespace}, {@code
 * observedGeneration}, {@code lastSyncTime} and the conditions {@code Synced} and {@code
 * ServiceClusterReachable}. Pure: computes the new status from the current one and says whether
 * anything changed, so that unchanged statuses are never written.
 */
public final class InstanceStatus {

  public static final String BLOCK = "kubecarrier";
  public static final String SERVICE_CLUSTER = "serviceCluster";
  public static final String SERVICE_NAMESPACE = "serviceNamespace";
  public static final String OBSERVED_GENERATION = "observedGeneration";
  public static final String LAST_SYNC_TIME = "lastSyncTime";
  public static final String CONDITIONS = "conditions";
  public static final String CONNECTION_SECRET = "connectionSecret";
  public static final String RELATED = "related";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Condition>> CONDITION_LIST = new TypeReference<>() {};

  private final Map<String, Object> current;
  private Map<String, Object> copied;
  private Placement placement;
  private Long observedGeneration;
  private boolean synced;
  private Map<String, Object> connectionSecret;
  private List<Map<String, Object>> related;
  private final List<Condition> conditions = new ArrayList<>();
  private final List<String> removed = new ArrayList<>();

  private InstanceStatus(Map<String, Object> current) {
    this.current = current == null ? Map.of() : current;
  }

  /** Starts from the current status of a tenant instance. */
  public static InstanceStatus from(Map<String, Object> currentStatus) {
    return new InstanceStatus(currentStatus);
  }

  /** The status copied from the service-side object (already cut to the exposed paths). */
  public InstanceStatus copied(Map<String, Object> serviceStatus) {
    this.copied = serviceStatus;
    return this;
  }

  public InstanceStatus placement(Placement placement) {
    this.placement = placement;
    return this;
  }

  /** The generation of the tenant object that the service-side object now reflects. */
  public InstanceStatus observedGeneration(Long generation) {
    this.observedGeneration = generation;
    return this;
  }

  /** Marks this as a successful sync: {@code lastSyncTime} moves when the status changes. */
  public InstanceStatus synced() {
    this.synced = true;
    return this;
  }

  /** The connection Secret copied for the instance (name and content hash), or null. */
  public InstanceStatus connectionSecret(CopiedSecret copied) {
    this.connectionSecret =
        copied == null ? null : Map.of("name", copied.name(), "hash", copied.hash());
    return this;
  }

  /**
   * The related objects of the instance (lines of {@code status.kubecarrier.related}); an empty
   * list removes the field.
   */
  public InstanceStatus related(List<Map<String, Object>> lines) {
    this.related = lines;
    return this;
  }

  /** A connection Secret copied next to a tenant instance. */
  public record CopiedSecret(String name, String hash) {}

  /** The hash of the connection Secret a status says was copied, or null. */
  public static String connectionSecretHash(Map<String, Object> status) {
    return block(status).get(CONNECTION_SECRET) instanceof Map<?, ?> m
            && m.get("hash") instanceof String h
        ? h
        : null;
  }

  /** The name of the connection Secret copy a status records, or null. */
  public static String connectionSecretName(Map<String, Object> status) {
    return block(status).get(CONNECTION_SECRET) instanceof Map<?, ?> m
            && m.get("name") instanceof String n
        ? n
        : null;
  }

  public InstanceStatus condition(Condition condition) {
    conditions.add(condition);
    return this;
  }

  /** Removes the condition of {@code type} (it no longer applies). */
  public InstanceStatus withoutCondition(String type) {
    removed.add(type);
    return this;
  }

  /** The block {@code status.kubecarrier} of a status. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> block(Map<String, Object> status) {
    Object b = status == null ? null : status.get(BLOCK);
    return b instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** The conditions of {@code status.kubecarrier}. */
  public static List<Condition> conditions(Map<String, Object> status) {
    Object list = block(status).get(CONDITIONS);
    if (list == null) {
      return new ArrayList<>();
    }
    return new ArrayList<>(JSON.convertValue(list, CONDITION_LIST));
  }

  /** The new status, or empty when it equals the current one. */
  public Optional<Map<String, Object>> build(Clock clock) {
    Map<String, Object> currentBlock = block(current);
    Map<String, Object> status = new LinkedHashMap<>();
    if (copied != null) {
      copied.forEach((k, v) -> status.put(k, v));
      status.remove(BLOCK);
    } else {
      current.forEach((k, v) -> status.put(k, v));
      status.remove(BLOCK);
    }
    List<Condition> conds = conditions(current);
    for (Condition c : conditions) {
      Conditions.set(conds, c, clock);
    }
    removed.forEach(type -> Conditions.remove(conds, type));
    Map<String, Object> block = new LinkedHashMap<>();
    putIfNotNull(
        block,
        SERVICE_CLUSTER,
        placement != null ? placement.cluster() : currentBlock.get(SERVICE_CLUSTER));
    putIfNotNull(
        block,
        SERVICE_NAMESPACE,
        placement != null ? placement.serviceNamespace() : currentBlock.get(SERVICE_NAMESPACE));
    putIfNotNull(
        block,
        OBSERVED_GENERATION,
        observedGeneration != null ? observedGeneration : currentBlock.get(OBSERVED_GENERATION));
    putIfNotNull(block, LAST_SYNC_TIME, currentBlock.get(LAST_SYNC_TIME));
    putIfNotNull(
        block,
        CONNECTION_SECRET,
        connectionSecret != null ? connectionSecret : currentBlock.get(CONNECTION_SECRET));
    if (related == null) {
      putIfNotNull(block, RELATED, currentBlock.get(RELATED));
    } else if (!related.isEmpty()) {
      block.put(RELATED, related);
    }
    block.put(CONDITIONS, JSON.convertValue(conds, new TypeReference<List<Object>>() {}));
    status.put(BLOCK, block);
    if (ExposedPaths.covers(status, current) && ExposedPaths.covers(current, status)) {
      return Optional.empty();
    }
    if (synced) {
      block.put(LAST_SYNC_TIME, Conditions.format(clock.instant()));
    }
    return Optional.of(status);
  }

  private static void putIfNotNull(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
