package io.kubecarrier.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns the Deployment and Service that Quarkus generates for an operator ({@code
 * target/kubernetes/kubernetes.yml}) into {@code k8s/operators/<operator>.yaml}: namespace {@code
 * kubecarrier-system}, image {@code kubecarrier/<operator>} (its tag is a kustomize {@code images}
 * setting), and without the build-specific annotations and version labels, so that the committed
 * copy only changes when the operator's manifest really does. Hardening (security context,
 * resources) is a kustomize patch in {@code k8s/kustomization.yaml}, visible to platform teams.
 */
public final class OperatorWorkload {
  private OperatorWorkload() {}

  public static final String IMAGE_PREFIX = "kubecarrier/";

  public static String fromGenerated(Path kubernetesYml, String operator) {
    List<HasMetadata> objects = OperatorRbac.loadAll(kubernetesYml);
    List<HasMetadata> out = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof Deployment d) {
        clean(d);
        d.getSpec().getSelector().getMatchLabels().remove("app.kubernetes.io/version");
        clean(d.getSpec().getTemplate());
        d.getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .forEach(
                c -> {
                  c.setImage(IMAGE_PREFIX + operator + ":latest");
                  c.setImagePullPolicy("IfNotPresent");
                });
        out.add(d);
      } else if (o instanceof Service s) {
        clean(s);
        s.getSpec().getSelector().remove("app.kubernetes.io/version");
        out.add(s);
      }
    }
    return out.stream()
        .map(Serialization::asYaml)
        .collect(Collectors.joining(""))
        .replace("---\n---\n", "---\n");
  }

  private static void clean(Deployment d) {
    d.getMetadata().setNamespace(OperatorIdentity.SYSTEM_NAMESPACE);
    clean(d.getMetadata().getLabels(), d.getMetadata().getAnnotations());
  }

  private static void clean(Service s) {
    s.getMetadata().setNamespace(OperatorIdentity.SYSTEM_NAMESPACE);
    clean(s.getMetadata().getLabels(), s.getMetadata().getAnnotations());
  }

  private static void clean(io.fabric8.kubernetes.api.model.PodTemplateSpec t) {
    clean(t.getMetadata().getLabels(), t.getMetadata().getAnnotations());
  }

  private static void clean(Map<String, String> labels, Map<String, String> annotations) {
    if (labels != null) {
      labels.remove("app.kubernetes.io/version");
    }
    if (annotations != null) {
      annotations.keySet().removeIf(k -> k.startsWith("app.quarkus.io/"));
    }
  }

  /**
   * Checks (or, with {@code -Dkc.updateGenerated=true}, writes) {@code
   * k8s/operators/<operator>.yaml} against the module's {@code target/kubernetes/kubernetes.yml}.
   */
  public static void assertCommittedUpToDate(String operator) {
    GeneratedFiles.assertUpToDate(
        fromGenerated(OperatorRbac.generatedManifest(), operator),
        "k8s/operators/" + operator + ".yaml",
        "./mvnw -B verify -pl " + operator);
  }
}
