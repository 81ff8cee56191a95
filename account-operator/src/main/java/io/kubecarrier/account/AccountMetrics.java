package io.kubecarrier.account;

import io.kubecarrier.api.account.Account;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Own metrics beside the operator SDK's: {@code
 * kubecarrier_accounts{state=ready|not_ready|deleting}}, the number of Accounts per state as last
 * reconciled by this instance.
 */
@ApplicationScoped
public class AccountMetrics {

  static final String METRIC = "kubecarrier.accounts";
  static final String READY = "ready";
  static final String NOT_READY = "not_ready";
  static final String DELETING = "deleting";

  private final Map<String, String> states = new ConcurrentHashMap<>();

  public AccountMetrics(MeterRegistry registry) {
    for (String state : new String[] {READY, NOT_READY, DELETING}) {
      Gauge.builder(METRIC, states, m -> m.values().stream().filter(state::equals).count())
          .description("Accounts per state, as last reconciled")
          .tag("state", state)
          .register(registry);
    }
  }

  /** Records the state of {@code account} after a reconcile. */
  public void record(Account account, boolean ready) {
    String state =
        account.getMetadata().getDeletionTimestamp() != null ? DELETING : ready ? READY : NOT_READY;
    states.put(account.getMetadata().getName(), state);
  }

  /** Forgets an Account that is gone. */
  public void forget(String account) {
    states.remove(account);
  }
}
