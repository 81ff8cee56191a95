package io.kubecarrier.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubecarrier.account.HubObjects.Found;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HoldsTest {

  static final Found CATALOG = Found.hubObject("Catalog", "default");
  static final Found CLUSTER =
      Found.deletingHubObject(
          "ServiceCluster",
          "eu-west-1",
          "DependentsExist",
          "Deletion waits for the ServiceClusterAssignments [team-a.eu-west-1]: their namespaces in"
              + " the service cluster are removed first.");
  static final Found WIDGET = Found.instance("Widget", "w1", false);

  @Test
  void nothingLeftLetsTheDeletionProceed() {
    assertThat(Holds.mayProceed(List.of())).isTrue();
    assertThat(Holds.mayProceed(List.of(WIDGET))).isFalse();
    assertThat(Holds.mayProceed(List.of(CATALOG))).isFalse();
  }

  @Test
  void onlyHubObjectsNotYetDeletingAreDeleted() {
    assertThat(CATALOG.awaitsDeletion()).isTrue();
    assertThat(CLUSTER.awaitsDeletion()).isFalse();
    assertThat(WIDGET.awaitsDeletion()).isFalse();
    assertThat(Found.instance("Widget", "w2", true).awaitsDeletion()).isFalse();
    assertThat(Found.unchecked("Widget", "widgets.acme.hub").awaitsDeletion()).isFalse();
  }

  @Test
  void theMessageListsHubObjectsWithWhatTheyWaitForAndTenantInstancesAsSuch() {
    String message = Holds.deletionMessage("acme", List.of(CATALOG, CLUSTER, WIDGET));
    assertThat(message)
        .startsWith("deletion waits until namespace acme holds no hub objects and no tenant")
        .contains(
            "hub objects being torn down by their operators: Catalog/default,"
                + " ServiceCluster/eu-west-1 (DependentsExist: Deletion waits for the"
                + " ServiceClusterAssignments [team-a.eu-west-1]")
        .contains("tenant instances, which their tenant deletes")
        .contains("users keep their access")
        .endsWith(": Widget/w1");
  }

  @Test
  void onlyTheGroupsThatHoldAreNamed() {
    assertThat(Holds.deletionMessage("acme", List.of(WIDGET)))
        .doesNotContain("hub objects being torn down")
        .contains("Widget/w1");
    assertThat(Holds.deletionMessage("acme", List.of(CATALOG)))
        .doesNotContain("tenant instances, which")
        .endsWith("Catalog/default");
  }

  @Test
  void longWaitMessagesAreShortenedToOneLine() {
    Found verbose =
        Found.deletingHubObject(
            "CatalogEntrySet", "redis", "DependentsExist", "waits\n  for " + "x".repeat(300));
    String entry = Holds.entry(verbose);
    assertThat(entry)
        .startsWith("CatalogEntrySet/redis (DependentsExist: waits for xxx")
        .endsWith("…)");
    assertThat(entry).doesNotContain("\n");
    assertThat(Holds.waitsFor(verbose))
        .hasSize("DependentsExist: ".length() + Holds.WAITS_FOR_LENGTH);
  }

  @Test
  void aDeletingObjectWithoutReadyConditionIsBeingDeleted() {
    assertThat(Holds.entry(Found.deletingHubObject("Catalog", "c", null, null)))
        .isEqualTo("Catalog/c (being deleted)");
    assertThat(Holds.entry(Found.deletingHubObject("Catalog", "c", "Deleting", " ")))
        .isEqualTo("Catalog/c (Deleting)");
    assertThat(Holds.entry(Found.deletingHubObject("Catalog", "c", null, "waits")))
        .isEqualTo("Catalog/c (waits)");
    assertThat(Holds.entry(Found.instance("Widget", "w", true)))
        .isEqualTo("Widget/w (being deleted)");
  }

  @Test
  void kindsThatCannotBeListedAreNamed() {
    assertThat(
            Holds.deletionMessage("acme", List.of(Found.unchecked("Widget", "widgets.acme.hub"))))
        .contains(
            "Widget instances (cannot be checked: the account-operator may not list"
                + " widgets.acme.hub");
  }

  @Test
  void longListsAreCut() {
    List<Found> many =
        IntStream.range(0, Holds.LISTED + 3)
            .mapToObj(i -> Found.instance("Widget", "w" + i, false))
            .toList();
    String message = Holds.deletionMessage("acme", many);
    assertThat(message).contains("Widget/w9").doesNotContain("Widget/w10");
    assertThat(message).endsWith(", and 3 more instance(s)");
  }

  @Test
  void theKeptTenantBindingSaysHowManyInstancesRemain() {
    String message =
        Holds.tenantBindingKept("acme", List.of(WIDGET, Found.instance("Widget", "w2", true)));
    assertThat(message)
        .contains("RoleBinding kubecarrier:tenant is kept while 2 tenant instance(s) remain")
        .contains("(Widget/w1, Widget/w2 (being deleted))")
        .contains("Offerings and connection Secrets");
    assertThat(
            Holds.tenantBindingKept("acme", List.of(Found.unchecked("Widget", "widgets.acme.hub"))))
        .contains("kept while tenant instances may remain in namespace acme")
        .contains("cannot be checked");
  }
}
