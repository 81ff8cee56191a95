package io.kubecarrier.benchmark.chaos;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A tenant account of the run: its namespace (the account's name), its user and a client that
 * impersonates that user. The load leaves a tenant alone while it is not {@link #active} (its
 * account is being deleted and recreated).
 */
final class Tenant {

  final String name;
  final String user;
  final KubernetesClient client;
  volatile boolean active = true;

  Tenant(String name, String user, KubernetesClient client) {
    this.name = name;
    this.user = user;
    this.client = client;
  }

  @Override
  public String toString() {
    return name;
  }
}
