package io.kubecarrier.propagation.status;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kubecarrier.api.common.Finalizers;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.operator.errors.ApiErrors;
import io.kubecarrier.propagation.apply.ServiceObjects;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent's writes to tenant instances in the management cluster: its finalizer (with the region
 * label pinned in the same patch), and the status, written by server-side apply on the status
 * subresource only when it changed.
 */
public final class TenantObjects {

  private final KubernetesClient management;
  private final Clock clock;

  public TenantObjects(KubernetesClient management, Clock clock) {
    this.management = management;
    this.clock = clock;
  }

  /** Writes the status if it changed; returns whether it wrote. */
  public boolean writeStatus(GenericKubernetesResource tenant, InstanceStatus status) {
    var next = status.build(clock);
    if (next.isEmpty()) {
      return false;
    }
    GenericKubernetesResource patch = new GenericKubernetesResource();
    patch.setApiVersion(tenant.getApiVersion());
    patch.setKind(tenant.getKind());
    ObjectMeta meta = new ObjectMeta();
    meta.setName(tenant.getMetadata().getName());
    meta.setNamespace(tenant.getMetadata().getNamespace());
    patch.setMetadata(meta);
    patch.setAdditionalProperty("status", next.get());
    try {
      management
          .genericKubernetesResources(tenant.getApiVersion(), tenant.getKind())
          .inNamespace(meta.getNamespace())
          .resource(patch)
          .subresource("status")
          .patch(ServiceObjects.APPLY, patch);
      // keep the cache-less view consistent for the next step of this reconcile
      tenant.setAdditionalProperty("status", next.get());
      return true;
    } catch (KubernetesClientException e) {
      if (ApiErrors.isNotFound(e)) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Adds the agent's finalizer and, when {@code pin} is not null, the region label with that value
   * (an instance without a region label keeps the region it is placed in, also when a second region
   * appears), in one patch; nothing when both are there.
   */
  public void ensureFinalizer(GenericKubernetesResource tenant, String pin) {
    List<String> ops = new ArrayList<>();
    if (!hasFinalizer(tenant)) {
      List<String> finalizers = tenant.getMetadata().getFinalizers();
      ops.add(
          finalizers == null || finalizers.isEmpty()
              ? "{\"op\":\"add\",\"path\":\"/metadata/finalizers\",\"value\":[\""
                  + Finalizers.PROPAGATION_AGENT
                  + "\"]}"
              : "{\"op\":\"add\",\"path\":\"/metadata/finalizers/-\",\"value\":\""
                  + Finalizers.PROPAGATION_AGENT
                  + "\"}");
    }
    Map<String, String> labels = tenant.getMetadata().getLabels();
    if (pin != null && (labels == null || !labels.containsKey(Labels.REGION))) {
      ops.add(
          labels == null || labels.isEmpty()
              ? "{\"op\":\"add\",\"path\":\"/metadata/labels\",\"value\":{\""
                  + Labels.REGION
                  + "\":\""
                  + pin
                  + "\"}}"
              : "{\"op\":\"add\",\"path\":\"/metadata/labels/"
                  + Labels.REGION.replace("/", "~1")
                  + "\",\"value\":\""
                  + pin
                  + "\"}");
    }
    if (ops.isEmpty()) {
      return;
    }
    // on the object itself: fabric8's patch(context, String) by name GETs the object first
    management
        .genericKubernetesResources(tenant.getApiVersion(), tenant.getKind())
        .inNamespace(tenant.getMetadata().getNamespace())
        .resource(tenant)
        .patch(PatchContext.of(PatchType.JSON), "[" + String.join(",", ops) + "]");
  }

  public void removeFinalizer(GenericKubernetesResource tenant) {
    List<String> finalizers = tenant.getMetadata().getFinalizers();
    int i = finalizers == null ? -1 : finalizers.indexOf(Finalizers.PROPAGATION_AGENT);
    if (i < 0) {
      return;
    }
    String patch =
        "[{\"op\":\"test\",\"path\":\"/metadata/finalizers/"
            + i
            + "\",\"value\":\""
            + Finalizers.PROPAGATION_AGENT
            + "\"},{\"op\":\"remove\",\"path\":\"/metadata/finalizers/"
            + i
            + "\"}]";
    try {
      management
          .genericKubernetesResources(tenant.getApiVersion(), tenant.getKind())
          .inNamespace(tenant.getMetadata().getNamespace())
          .resource(tenant)
          .patch(PatchContext.of(PatchType.JSON), patch);
    } catch (KubernetesClientException e) {
      if (!ApiErrors.isNotFound(e)) {
        throw e;
      }
    }
  }

  public static boolean hasFinalizer(GenericKubernetesResource tenant) {
    List<String> f = tenant.getMetadata().getFinalizers();
    return f != null && f.contains(Finalizers.PROPAGATION_AGENT);
  }
}
