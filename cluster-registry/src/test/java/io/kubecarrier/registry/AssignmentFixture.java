package io.kubecarrier.registry;

import static io.kubecarrier.registry.RegistryFixture.management;
import static org.awaitility.Awaitility.await;

import io.kubecarrier.api.common.Condition;
import io.kubecarrier.api.common.ConditionTypes;
import io.kubecarrier.api.common.Conditions;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.ObjectReference;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignment;
import io.kubecarrier.api.serviceclusterassignment.ServiceClusterAssignmentSpec;
import java.time.Duration;

/** ServiceClusterAssignments for the integration tests. */
final class AssignmentFixture {

  private AssignmentFixture() {}

  static ServiceClusterAssignment create(
      String ns, String managementNamespace, String serviceCluster) {
    ServiceClusterAssignment a = new ServiceClusterAssignment();
    a.getMetadata().setNamespace(ns);
    a.getMetadata().setName(Names.assignmentName(managementNamespace, serviceCluster));
    ServiceClusterAssignmentSpec spec = new ServiceClusterAssignmentSpec();
    spec.setManagementNamespace(ObjectReference.of(managementNamespace));
    spec.setServiceCluster(ObjectReference.of(serviceCluster));
    a.setSpec(spec);
    return management().resource(a).create();
  }

  static ServiceClusterAssignment get(String ns, String name) {
    return management()
        .resources(ServiceClusterAssignment.class)
        .inNamespace(ns)
        .withName(name)
        .get();
  }

  static ServiceClusterAssignment awaitReady(String ns, String name) {
    return await(ns + "/" + name + " Ready")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> get(ns, name),
            a -> a != null && a.getStatus() != null && a.getStatus().isReady());
  }

  static ServiceClusterAssignment awaitReadyReason(String ns, String name, String reason) {
    return await(ns + "/" + name + " Ready reason " + reason)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> get(ns, name),
            a ->
                a != null
                    && a.getStatus() != null
                    && Conditions.find(a.getStatus().getConditions(), ConditionTypes.READY)
                        .filter(
                            c ->
                                !Condition.TRUE.equals(c.getStatus())
                                    && reason.equals(c.getReason()))
                        .isPresent());
  }

  /** Puts the propagation agent's finalizer on the assignment, as the agent does while in use. */
  static void hold(String ns, String name) {
    management()
        .resources(ServiceClusterAssignment.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            a -> {
              a.getMetadata().getFinalizers().add(Finalizers.PROPAGATION_AGENT);
              return a;
            });
  }

  /** Removes the propagation agent's finalizer, as the agent does when nothing is placed. */
  static void release(String ns, String name) {
    management()
        .resources(ServiceClusterAssignment.class)
        .inNamespace(ns)
        .withName(name)
        .edit(
            a -> {
              a.getMetadata().getFinalizers().remove(Finalizers.PROPAGATION_AGENT);
              return a;
            });
  }
}
