package io.kubecarrier.propagation.status;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The service operator's readiness of a service object, as the tenant's {@code ServiceReady}
 * condition. Pure. The condition is chosen from the service object's {@code status.conditions} (the
 * full status, whatever the exposed paths: readiness is what a tenant needs to know) in the order
 * of {@link #CANDIDATES}: {@code Ready}, else {@code Available} (Deployments and many operators),
 * else the first present of {@code AllReplicasReady}, {@code Running}, {@code Healthy}. Its status
 * is copied ({@code Unknown} when it is none of True/False/Unknown), its reason when it is a valid
 * condition reason (else the type of the chosen condition), its message prefixed with the service
 * cluster ({@code "[eu-west-1] ..."}; a condition other than Ready is named: {@code "[eu-west-1]
 * Available: ..."}).
 */
public final class ServiceReadiness {

  /** The condition types read, most preferred first. */
  public static final List<String> CANDIDATES =
      List.of("Ready", "Available", "AllReplicasReady", "Running", "Healthy");

  static final int MAX_REASON = 1024;
  static final int MAX_MESSAGE = 32768;

  private static final Pattern REASON = Pattern.compile("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");

  private ServiceReadiness() {}

  /**
   * The {@code ServiceReady} condition for a service object's {@code status}, or empty when it has
   * no readiness condition.
   *
   * @param cluster the service cluster (region) the object is in, named in the message
   * @param generation the tenant's generation, the condition's {@code observedGeneration}
   */
  public static Optional<Condition> of(
      Map<String, Object> serviceStatus, String cluster, Long generation) {
    Object list = serviceStatus == null ? null : serviceStatus.get("conditions");
    if (!(list instanceof List<?> conditions)) {
      return Optional.empty();
    }
    for (String type : CANDIDATES) {
      for (Object c : conditions) {
        if (c instanceof Map<?, ?> m && type.equals(m.get("type"))) {
          return Optional.of(condition(type, m, cluster, generation));
        }
      }
    }
    return Optional.empty();
  }

  private static Condition condition(String type, Map<?, ?> m, String cluster, Long generation) {
    String status =
        m.get("status") instanceof String s
                && (s.equals(Condition.TRUE)
                    || s.equals(Condition.FALSE)
                    || s.equals(Condition.UNKNOWN))
            ? s
            : Condition.UNKNOWN;
    String reason =
        m.get("reason") instanceof String r
                && r.length() <= MAX_REASON
                && REASON.matcher(r).matches()
            ? r
            : type;
    String message = m.get("message") instanceof String s ? s : "";
    String text =
        "["
            + cluster
            + "] "
            + (type.equals("Ready") ? "" : type + (message.isEmpty() ? "" : ": "))
            + message;
    if (text.length() > MAX_MESSAGE) {
      text = text.substring(0, MAX_MESSAGE - 3) + "...";
    }
    return Condition.of(ConditionTypes.SERVICE_READY, status, reason, text.strip())
        .withObservedGeneration(generation);
  }
}
