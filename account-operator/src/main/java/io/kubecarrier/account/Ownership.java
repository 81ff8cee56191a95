package io.kubecarrier.account;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecarrier.api.common.Labels;
import java.util.Map;
import java.util.Optional;

/**
 * Ownership labels of everything the account operator creates: {@code
 * kubecarrier.io/managed-by=account-operator} and {@code kubecarrier.io/account=<account>}. They
 * replace ownerReferences, which cannot point across namespaces (Tenants live in provider
 * namespaces, but belong to the tenant account).
 */
public final class Ownership {

  /** Label selector of every object the operator manages. */
  public static final String SELECTOR =
      Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_ACCOUNT_OPERATOR;

  /** Field manager of every server-side apply of the operator. */
  public static final String FIELD_MANAGER = "account-operator";

  private Ownership() {}

  /** The labels that mark an object as belonging to {@code account}. */
  public static Map<String, String> labels(String account) {
    return Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_ACCOUNT_OPERATOR, Labels.ACCOUNT, account);
  }

  /** Whether the operator manages {@code object} (whatever account it belongs to). */
  public static boolean isManaged(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null
        && Labels.MANAGED_BY_ACCOUNT_OPERATOR.equals(labels.get(Labels.MANAGED_BY));
  }

  /** Whether {@code object} carries the ownership labels of {@code account}. */
  public static boolean isOwnedBy(HasMetadata object, String account) {
    return isManaged(object)
        && account.equals(object.getMetadata().getLabels().get(Labels.ACCOUNT));
  }

  /** The account a managed object belongs to. */
  public static Optional<String> accountOf(HasMetadata object) {
    if (!isManaged(object)) {
      return Optional.empty();
    }
    return Optional.ofNullable(object.getMetadata().getLabels().get(Labels.ACCOUNT));
  }

  /** Whether all of {@code wanted} are present with the same values in {@code object}'s labels. */
  public static boolean hasLabels(HasMetadata object, Map<String, String> wanted) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && labels.entrySet().containsAll(wanted.entrySet());
  }
}
