package io.kubecarrier.account;

import static io.kubecarrier.account.Fixtures.admin;
import static io.kubecarrier.account.Fixtures.awaitReady;
import static io.kubecarrier.account.Fixtures.create;
import static io.kubecarrier.account.Fixtures.management;
import static io.kubecarrier.account.Fixtures.unique;
import static io.kubecarrier.account.Fixtures.waiting;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kubecarrier.api.account.Account;
import io.kubecarrier.api.account.AccountRole;
import io.kubecarrier.api.catalog.Catalog;
import io.kubecarrier.api.catalog.CatalogSpec;
import io.kubecarrier.api.catalogentryset.CatalogEntrySet;
import io.kubecarrier.api.catalogentryset.CatalogEntrySetDiscover;
import io.kubecarrier.api.catalogentryset.CatalogEntrySetSpec;
import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.common.Reasons;
import io.kubecarrier.api.common.Subject;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscovery;
import io.kubecarrier.api.customresourcediscovery.CustomResourceDiscoverySpec;
import io.kubecarrier.api.servicecluster.ServiceCluster;
import io.kubecarrier.api.servicecluster.ServiceClusterSpec;
import io.kubecarrier.api.servicecluster.ServiceClusterStatus;
import io.kubecarrier.testkit.Access;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deleting an Account whose namespace still holds hub objects or tenant instances: the operator
 * deletes the hub objects itself (their operators tear them down), never the tenant's instances or
 * any Secret; while anything is left the deletion is held with a message that lists it, and the
 * users keep their access; then the namespace, RBAC and Tenant objects go. Only the account
 * operator runs here, so a finalizer the test adds stands for another operator's teardown.
 */
@QuarkusTest
@TestProfile(RealClusterProfile.class)
class DeletionHoldIT {

  private static final String CLUSTER = "eu-west-1";
  private static final String KUBECONFIG = "eu-west-1-kubeconfig";

  @Test
  void providerDeletionDeletesItsHubObjects() {
    String name = unique("cascade");
    create(name, List.of(AccountRole.Provider), Subject.user(name));
    awaitReady(name);
    admin().resource(kubeconfigSecret(name)).create();
    admin().resource(serviceCluster(name, List.of())).create();
    admin().resource(catalog(name)).create();
    admin().resource(entrySet(name)).create();
    admin().resource(discovery(name)).create();

    Fixtures.deleteAndAwaitGone(name);
    AccountLifecycleIT.assertNothingLeft(name);
  }

  @Test
  void aHubObjectBeingTornDownHoldsTheDeletionAndSaysWhatItWaitsFor() {
    String name = unique("hold");
    create(name, List.of(AccountRole.Provider), Subject.user(name));
    awaitReady(name);
    admin().resource(kubeconfigSecret(name)).create();
    // the cluster-registry's finalizer: the ServiceCluster goes only when its operator lets it
    admin().resource(serviceCluster(name, List.of(Finalizers.CLUSTER_REGISTRY))).create();
    admin().resource(catalog(name)).create();
    admin().resource(entrySet(name)).create();

    admin().resources(Account.class).withName(name).delete();
    waiting("the operator deletes the hub objects itself")
        .until(
            () ->
                serviceCluster(name).getMetadata().getDeletionTimestamp() != null
                    && admin()
                        .resources(Catalog.class)
                        .inNamespace(name)
                        .list()
                        .getItems()
                        .isEmpty()
                    && admin()
                        .resources(CatalogEntrySet.class)
                        .inNamespace(name)
                        .list()
                        .getItems()
                        .isEmpty());
    Fixtures.awaitCondition(name, ConditionTypes.READY, Condition.FALSE, Reasons.DEPENDENTS_EXIST);
    waiting("the hold lists the ServiceCluster being deleted")
        .until(() -> readyMessage(name).contains("ServiceCluster/" + CLUSTER + " (being deleted)"));

    // the registry says what the ServiceCluster waits for; the hold passes it on
    String waitsFor =
        "Deletion waits for the ServiceClusterAssignments [team-a."
            + CLUSTER
            + "]: their"
            + " namespaces in the service cluster are removed first.";
    admin()
        .resources(ServiceCluster.class)
        .inNamespace(name)
        .withName(CLUSTER)
        .editStatus(
            sc -> {
              ServiceClusterStatus status = new ServiceClusterStatus();
              status.setCondition(
                  Condition.ofFalse(ConditionTypes.READY, Reasons.DEPENDENTS_EXIST, waitsFor),
                  Clock.systemUTC());
              sc.setStatus(status);
              return sc;
            });
    waiting("the hold shows what the ServiceCluster waits for")
        .until(
            () ->
                readyMessage(name)
                    .contains(
                        "ServiceCluster/"
                            + CLUSTER
                            + " (DependentsExist: Deletion waits for the"
                            + " ServiceClusterAssignments [team-a."
                            + CLUSTER
                            + "]"));
    assertThat(readyMessage(name))
        .doesNotContain("Catalog/", "CatalogEntrySet/", "tenant instances, which");
    // the kubeconfig Secret stays until the ServiceCluster is gone; so do the namespace and access
    Secret secret = admin().secrets().inNamespace(name).withName(KUBECONFIG).get();
    assertThat(secret).isNotNull();
    assertThat(secret.getMetadata().getDeletionTimestamp()).isNull();
    assertThat(admin().namespaces().withName(name).get().getMetadata().getDeletionTimestamp())
        .isNull();
    assertThat(AccountLifecycleIT.bindings(name)).containsKey("kubecarrier:provider");
    assertThat(Access.as(management(), name).can("get", "secrets", name)).isTrue();
    waiting("a Warning event that names the ServiceCluster")
        .until(
            () ->
                AccountLifecycleIT.events(name).stream()
                    .anyMatch(
                        e ->
                            Reasons.DEPENDENTS_EXIST.equals(e.getReason())
                                && e.getMessage().contains("ServiceCluster/" + CLUSTER)));

    // the registry is done: the ServiceCluster goes, and with it the hold
    admin()
        .resources(ServiceCluster.class)
        .inNamespace(name)
        .withName(CLUSTER)
        .edit(
            sc -> {
              sc.getMetadata().setFinalizers(List.of());
              return sc;
            });
    waiting("account and namespace gone")
        .until(
            () ->
                Fixtures.get(name).isEmpty() && admin().namespaces().withName(name).get() == null);
    AccountLifecycleIT.assertNothingLeft(name);
  }

  @Test
  void tenantInstancesHoldTheDeletionAndAreLeftToTheTenant() {
    String name = unique("inst");
    create(name, List.of(AccountRole.Tenant), Subject.user(name));
    awaitReady(name);
    try (TenantCrds crds = TenantCrds.create(name)) {
      crds.createWidget(name, "w1");

      admin().resources(Account.class).withName(name).delete();
      Fixtures.awaitCondition(
          name, ConditionTypes.READY, Condition.FALSE, Reasons.DEPENDENTS_EXIST);
      assertThat(readyMessage(name))
          .contains("tenant instances, which their tenant deletes", "Widget/w1")
          .doesNotContain("hub objects being torn down");
      // nothing of the tenant's is deleted, and the tenant keeps its access meanwhile
      assertThat(crds.widget(name, "w1").getMetadata().getDeletionTimestamp()).isNull();
      assertThat(admin().namespaces().withName(name).get().getMetadata().getDeletionTimestamp())
          .isNull();
      assertThat(AccountLifecycleIT.bindings(name)).containsKey("kubecarrier:tenant");
      assertThat(
              Access.as(management(), name).can("list", "offerings.catalog.kubecarrier.io", name))
          .isTrue();

      crds.deleteWidget(name, "w1");
      waiting("account and namespace gone")
          .until(
              () ->
                  Fixtures.get(name).isEmpty()
                      && admin().namespaces().withName(name).get() == null);
      AccountLifecycleIT.assertNothingLeft(name);
    }
  }

  private static String readyMessage(String account) {
    return Fixtures.condition(account, ConditionTypes.READY).map(Condition::getMessage).orElse("");
  }

  private static ServiceCluster serviceCluster(String namespace) {
    return admin().resources(ServiceCluster.class).inNamespace(namespace).withName(CLUSTER).get();
  }

  private static Secret kubeconfigSecret(String namespace) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(KUBECONFIG)
        .withNamespace(namespace)
        .endMetadata()
        .withStringData(Map.of("kubeconfig", "apiVersion: v1\nkind: Config\n"))
        .build();
  }

  private static ServiceCluster serviceCluster(String namespace, List<String> finalizers) {
    ServiceCluster sc = new ServiceCluster();
    sc.setMetadata(
        new ObjectMetaBuilder()
            .withName(CLUSTER)
            .withNamespace(namespace)
            .withFinalizers(finalizers)
            .build());
    ServiceClusterSpec spec = new ServiceClusterSpec();
    spec.setKubeconfigSecret(ObjectReference.of(KUBECONFIG));
    sc.setSpec(spec);
    return sc;
  }

  private static Catalog catalog(String namespace) {
    Catalog catalog = new Catalog();
    catalog.setMetadata(
        new ObjectMetaBuilder().withName("default").withNamespace(namespace).build());
    catalog.setSpec(new CatalogSpec());
    return catalog;
  }

  private static CatalogEntrySet entrySet(String namespace) {
    CatalogEntrySet set = new CatalogEntrySet();
    set.setMetadata(new ObjectMetaBuilder().withName("redis").withNamespace(namespace).build());
    CatalogEntrySetSpec spec = new CatalogEntrySetSpec();
    CatalogEntrySetDiscover discover = new CatalogEntrySetDiscover();
    discover.setCrd(ObjectReference.of("redis.cache.example.com"));
    spec.setDiscover(discover);
    set.setSpec(spec);
    return set;
  }

  private static CustomResourceDiscovery discovery(String namespace) {
    CustomResourceDiscovery d = new CustomResourceDiscovery();
    d.setMetadata(
        new ObjectMetaBuilder().withName("redis." + CLUSTER).withNamespace(namespace).build());
    CustomResourceDiscoverySpec spec = new CustomResourceDiscoverySpec();
    spec.setCrd(ObjectReference.of("redis.cache.example.com"));
    spec.setServiceCluster(ObjectReference.of(CLUSTER));
    d.setSpec(spec);
    return d;
  }
}
