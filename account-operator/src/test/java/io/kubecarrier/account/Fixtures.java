package io.kubecarrier.account;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.account.AccountSpec;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.DisplayMetadata;
import io.kubecarrier.api.common.Subject;
import io.kubecarrier.testkit.KubeCluster;
import io.kubecarrier.testkit.KubeClusters;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.core.ConditionFactory;

/** Accounts and waits shared by the integration tests. */
final class Fixtures {

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Fixtures() {}

  static KubeCluster management() {
    return KubeClusters.shared().management();
  }

  static KubernetesClient admin() {
    return management().adminClient();
  }

  /** A unique DNS label: {@code prefix-xxxxx}. */
  static String unique(String prefix) {
    return prefix + "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 24), 36);
  }

  static Account account(String name, List<AccountRole> roles, List<Subject> subjects) {
    Account a = new Account();
    a.setMetadata(new ObjectMetaBuilder().withName(name).build());
    DisplayMetadata md = new DisplayMetadata();
    md.setDisplayName("Account " + name);
    a.setSpec(new AccountSpec(md, roles, subjects));
    return a;
  }

  static Account create(String name, List<AccountRole> roles, Subject... subjects) {
    return admin().resource(account(name, roles, List.of(subjects))).create();
  }

  static Optional<Account> get(String name) {
    return Optional.ofNullable(admin().resources(Account.class).withName(name).get());
  }

  static Optional<Condition> condition(String account, String type) {
    return get(account)
        .filter(a -> a.getStatus() != null)
        .flatMap(a -> Conditions.find(a.getStatus().getConditions(), type));
  }

  static ConditionFactory waiting(String what) {
    return await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(200));
  }

  /** Waits until the account is Ready for its current generation and returns it. */
  static Account awaitReady(String name) {
    waiting("account " + name + " Ready")
        .until(
            () ->
                get(name)
                    .filter(
                        a ->
                            a.getStatus() != null
                                && a.getStatus().isReady()
                                && a.getMetadata()
                                    .getGeneration()
                                    .equals(a.getStatus().getObservedGeneration()))
                    .isPresent());
    return get(name).orElseThrow();
  }

  static void awaitCondition(String account, String type, String status, String reason) {
    waiting("account " + account + " " + type + "=" + status + " " + reason)
        .until(
            () ->
                condition(account, type)
                    .filter(c -> status.equals(c.getStatus()) && reason.equals(c.getReason()))
                    .isPresent());
  }

  /** Deletes the account and waits until it and its namespace are gone. */
  static void deleteAndAwaitGone(String name) {
    admin().resources(Account.class).withName(name).delete();
    waiting("account " + name + " and its namespace gone")
        .until(() -> get(name).isEmpty() && admin().namespaces().withName(name).get() == null);
  }

  static boolean ready(String account) {
    return condition(account, ConditionTypes.READY)
        .map(c -> Condition.TRUE.equals(c.getStatus()))
        .orElse(false);
  }
}
