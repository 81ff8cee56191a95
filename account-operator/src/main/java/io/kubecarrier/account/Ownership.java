package io.kubecarrier.account;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.operator.ownership.Metadata;
import java.util.Map;
import java.util.Optional;

/**
 * Ownership labels of everything the account operator creates: {@code
 * kubecarrier.io/managed-by=account-operator} and {@code kubecarrier.io/account=<account>}. They
 * replace ownerReferences, which cannot point across namespaces (Tenants live in provider
 * namespaces, but belong to the tenant account). The generic label checks are operator-common's
 * {@link Metadata}; this class holds the account operator's own scheme.
 */
public final class Ownership {

  /** Label selector of every object the operator manages. */
  public static final String SELECTOR =
      Metadata.managedBySelector(Labels.MANAGED_BY_ACCOUNT_OPERATOR);

  /** Field manager of every server-side apply of the operator. */
  public static final String FIELD_MANAGER = "account-operator";

  private Ownership() {}

  /** The labels that mark an object as belonging to {@code account}. */
  public static Map<String, String> labels(String account) {
    return Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_ACCOUNT_OPERATOR, Labels.ACCOUNT, account);
  }

  /** Label selector of the objects the operator manages for {@code account}. */
  public static String selector(String account) {
    return SELECTOR + "," + Labels.ACCOUNT + "=" + account;
  }

  /** Whether the operator manages {@code object} (whatever account it belongs to). */
  public static boolean isManaged(HasMetadata object) {
    return Metadata.isManagedBy(object, Labels.MANAGED_BY_ACCOUNT_OPERATOR);
  }

  /** Whether {@code object} carries the ownership labels of {@code account}. */
  public static boolean isOwnedBy(HasMetadata object, String account) {
    return isManaged(object) && account.equals(Metadata.label(object, Labels.ACCOUNT));
  }

  /** The account a managed object belongs to. */
  public static Optional<String> accountOf(HasMetadata object) {
    return isManaged(object)
        ? Optional.ofNullable(Metadata.label(object, Labels.ACCOUNT))
        : Optional.empty();
  }
}
