package io.kubecarrier.catalog.entryset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kubecarrier.api.catalogentry.CatalogEntry;
import io.kubecarrier.api.catalogentry.CatalogEntryStatus;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Reasons;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EntrySetStatusTest {

  static CatalogEntry entry(Condition ready) {
    CatalogEntry e = new CatalogEntry();
    e.setMetadata(new ObjectMetaBuilder().withName("redis").withNamespace("acme").build());
    if (ready != null) {
      CatalogEntryStatus s = new CatalogEntryStatus();
      s.setCondition(ready, Instant.EPOCH);
      e.setStatus(s);
    }
    return e;
  }

  @Test
  void aDeletedSetShowsWhatItsEntryWaitsFor() {
    Condition c =
        EntrySetStatus.waitingForEntry(
            entry(
                Condition.ofFalse(
                    ConditionTypes.READY,
                    Reasons.DEPENDENTS_EXIST,
                    "deletion waits for the instances of redis.acme.hub.io (team-a/cache)")));
    assertThat(c.getStatus()).isEqualTo(Condition.FALSE);
    assertThat(c.getReason()).isEqualTo(Reasons.DEPENDENTS_EXIST);
    assertThat(c.getMessage())
        .isEqualTo(
            "waiting for CatalogEntry acme/redis to be deleted: deletion waits for the instances"
                + " of redis.acme.hub.io (team-a/cache)");
  }

  @Test
  void otherwiseItIsDeleting() {
    for (CatalogEntry e :
        new CatalogEntry[] {
          entry(null), entry(Condition.ofTrue(ConditionTypes.READY, Reasons.READY, "ok"))
        }) {
      Condition c = EntrySetStatus.waitingForEntry(e);
      assertThat(c.getReason()).isEqualTo(Reasons.DELETING);
      assertThat(c.getMessage()).startsWith("waiting for CatalogEntry acme/redis to be deleted");
    }
  }
}
