package io.kubecarrier.account;

import io.kubecarrier.account.HubObjects.Category;
import io.kubecarrier.account.HubObjects.Found;
import java.util.List;

/**
 * The words of what the account operator waits for: the deletion of an Account held by hub objects
 * and tenant instances of its namespace, and the {@code kubecarrier:tenant} RoleBinding kept for
 * the tenant instances of an account that lost the Tenant role. Pure, so each message is tested
 * alone.
 */
public final class Holds {

  /** At most this many objects are named per group; the rest are counted. */
  static final int LISTED = 10;

  /** What a deleting object waits for (its Ready message) is cut to this many characters. */
  static final int WAITS_FOR_LENGTH = 120;

  private Holds() {}

  /** Whether the deletion may go on to RBAC, Tenants and the namespace: nothing is left. */
  public static boolean mayProceed(List<Found> left) {
    return left.isEmpty();
  }

  /**
   * Ready message of an Account whose deletion waits for {@code left} (not empty) in namespace
   * {@code namespace}: hub objects with what they wait for, then tenant instances with who deletes
   * them.
   */
  public static String deletionMessage(String namespace, List<Found> left) {
    List<Found> hub = left.stream().filter(f -> !f.isTenantInstance()).toList();
    List<Found> instances = left.stream().filter(Found::isTenantInstance).toList();
    StringBuilder message =
        new StringBuilder("deletion waits until namespace ")
            .append(namespace)
            .append(" holds no hub objects and no tenant instances");
    if (!hub.isEmpty()) {
      message
          .append("; hub objects being torn down by their operators: ")
          .append(listed(hub, "object"));
    }
    if (!instances.isEmpty()) {
      message
          .append("; tenant instances, which their tenant deletes (the account's users keep their")
          .append(" access until then): ")
          .append(listed(instances, "instance"));
    }
    return message.toString();
  }

  /**
   * The part of the RBACReady message that says why the {@code kubecarrier:tenant} RoleBinding is
   * kept although the Tenant role was removed: {@code instances} (not empty) remain.
   */
  public static String tenantBindingKept(String namespace, List<Found> instances) {
    long counted = instances.stream().filter(f -> f.category() == Category.TENANT_INSTANCE).count();
    String remain =
        counted > 0
            ? counted + " tenant instance(s) remain in namespace " + namespace
            : "tenant instances may remain in namespace " + namespace;
    return "the Tenant role was removed; RoleBinding "
        + AccountRoles.TENANT_CLUSTER_ROLE
        + " is kept while "
        + remain
        + " ("
        + listed(instances, "instance")
        + "), so the tenant keeps reading Offerings and connection Secrets until it has deleted"
        + " them";
  }

  /** {@code Kind/name} entries, at most {@link #LISTED}, then how many more. */
  static String listed(List<Found> found, String noun) {
    List<String> entries = found.stream().limit(LISTED).map(Holds::entry).toList();
    String more =
        found.size() > LISTED ? ", and " + (found.size() - LISTED) + " more " + noun + "(s)" : "";
    return String.join(", ", entries) + more;
  }

  /** One found object in a message. */
  static String entry(Found f) {
    String ref = f.kind() + "/" + f.name();
    return switch (f.category()) {
      case HUB_OBJECT -> f.deleting() ? ref + " (" + waitsFor(f) + ")" : ref;
      case TENANT_INSTANCE -> f.deleting() ? ref + " (being deleted)" : ref;
      case UNCHECKED ->
          f.kind()
              + " instances (cannot be checked: the account-operator may not list "
              + f.name()
              + "; see docs/account-operator.md)";
    };
  }

  /** What a deleting hub object waits for: reason and message of its Ready condition, shortened. */
  static String waitsFor(Found f) {
    boolean hasReason = f.readyReason() != null && !f.readyReason().isBlank();
    boolean hasMessage = f.readyMessage() != null && !f.readyMessage().isBlank();
    if (!hasReason && !hasMessage) {
      return "being deleted";
    }
    if (!hasMessage) {
      return f.readyReason();
    }
    String message = shorten(f.readyMessage(), WAITS_FOR_LENGTH);
    return hasReason ? f.readyReason() + ": " + message : message;
  }

  /** {@code text} on one line, cut to {@code max} characters with an ellipsis. */
  static String shorten(String text, int max) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= max ? line : line.substring(0, max - 1).stripTrailing() + "…";
  }
}
