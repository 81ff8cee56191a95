package io.kubecarrier.account;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.operator.errors.ApiErrors;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The namespace of an Account: same name, ownership labels. A namespace of that name that does not
 * carry the labels of this account is never taken over.
 */
public final class AccountNamespace {

  private static final Logger LOG = Logger.getLogger(AccountNamespace.class);

  /** What the operator finds under the account's name. */
  public enum State {
    /** No namespace of that name. */
    ABSENT,
    /** The namespace exists and belongs to the account. */
    OURS,
    /** The namespace belongs to the account and is being deleted. */
    TERMINATING,
    /** The namespace exists and does not belong to the account. */
    FOREIGN
  }

  private AccountNamespace() {}

  /** The namespace as the operator wants it. */
  public static Namespace desired(Account account) {
    String name = account.getMetadata().getName();
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Ownership.labels(name))
        .endMetadata()
        .build();
  }

  /** Classifies {@code existing} (empty: absent) for {@code account}. */
  public static State classify(Optional<Namespace> existing, String account) {
    if (existing.isEmpty()) {
      return State.ABSENT;
    }
    Namespace ns = existing.get();
    if (!Ownership.isOwnedBy(ns, account)) {
      return State.FOREIGN;
    }
    return ns.getMetadata().getDeletionTimestamp() != null ? State.TERMINATING : State.OURS;
  }

  /**
   * Makes sure the namespace exists and belongs to the account.
   *
   * @param cached the namespace from the informer cache (it holds only managed namespaces)
   */
  public static StepResult ensure(
      KubernetesClient client, Account account, Optional<Namespace> cached) {
    String name = account.getMetadata().getName();
    Optional<Namespace> existing =
        cached.isPresent() ? cached : Optional.ofNullable(client.namespaces().withName(name).get());
    switch (classify(existing, name)) {
      case FOREIGN:
        return StepResult.failed(
            ConditionTypes.NAMESPACE_READY,
            Reasons.NAMESPACE_CONFLICT,
            "namespace "
                + name
                + " already exists and does not belong to this account, so it is left alone."
                + " Delete or rename the Account, or hand the namespace over by labelling it "
                + Labels.MANAGED_BY
                + "="
                + Labels.MANAGED_BY_ACCOUNT_OPERATOR
                + " and "
                + Labels.ACCOUNT
                + "="
                + name);
      case TERMINATING:
        return StepResult.failed(
            ConditionTypes.NAMESPACE_READY,
            Reasons.NAMESPACE_TERMINATING,
            "namespace "
                + name
                + " is being deleted; it is created again once Kubernetes has removed it");
      case ABSENT:
        try {
          client.namespaces().resource(desired(account)).create();
          LOG.infof("account %s: created namespace %s", name, name);
        } catch (KubernetesClientException e) {
          if (!ApiErrors.isConflict(e)) {
            throw e;
          }
          return StepResult.waiting(
              ConditionTypes.NAMESPACE_READY,
              Reasons.PROGRESSING,
              "namespace " + name + " appeared while it was being created; checking it again");
        }
        return created(name);
      case OURS:
      default:
        return created(name);
    }
  }

  /**
   * Deletes the namespace if it belongs to the account.
   *
   * @return {@code true} once no namespace of the account is left
   */
  public static boolean delete(KubernetesClient client, String account) {
    Namespace ns = client.namespaces().withName(account).get();
    switch (classify(Optional.ofNullable(ns), account)) {
      case OURS:
        client.namespaces().withName(account).delete();
        LOG.infof("account %s: deleting namespace %s", account, account);
        return false;
      case TERMINATING:
        return false;
      default:
        return true;
    }
  }

  private static StepResult created(String name) {
    return StepResult.ok(
        ConditionTypes.NAMESPACE_READY,
        Reasons.NAMESPACE_CREATED,
        "namespace " + name + " exists and belongs to the account");
  }
}
