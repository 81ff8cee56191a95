package io.kubecarrier.testkit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the RBAC that Quarkus and the operator SDK generate for an operator ({@code
 * target/kubernetes/kubernetes.yml}) into the manifest committed as {@code
 * k8s/rbac/<operator>.yaml}: ServiceAccount, ClusterRoles, Roles and their bindings, in {@code
 * kubecarrier-system}, and the ValidatingAdmissionPolicies (with bindings) that confine what the
 * operator may do with those rights, with the SDK's shared role names made unique per operator so
 * four operators install side by side.
 */
public final class OperatorRbac {
  private OperatorRbac() {}

  public static String fromGenerated(Path kubernetesYml, String operator) {
    List<HasMetadata> objects = OperatorRbac.loadAll(kubernetesYml);
    String ns = OperatorIdentity.SYSTEM_NAMESPACE;
    List<HasMetadata> out = new ArrayList<>();
    for (HasMetadata o : objects) {
      if (o instanceof ServiceAccount || o instanceof Role || o instanceof RoleBinding) {
        o.getMetadata().setNamespace(ns);
      } else if (!(o instanceof ClusterRole
          || o instanceof ClusterRoleBinding
          || o instanceof ValidatingAdmissionPolicy
          || o instanceof ValidatingAdmissionPolicyBinding)) {
        continue;
      }
      o.getMetadata().setName(unique(o.getMetadata().getName(), operator));
      if (o instanceof ClusterRoleBinding crb) {
        crb.getRoleRef().setName(unique(crb.getRoleRef().getName(), operator));
        crb.getSubjects().forEach(s -> subjectNamespace(s, ns));
      }
      if (o instanceof RoleBinding rb) {
        rb.getRoleRef().setName(unique(rb.getRoleRef().getName(), operator));
        rb.getSubjects().forEach(s -> subjectNamespace(s, ns));
      }
      if (o.getMetadata().getLabels() != null) {
        o.getMetadata().getLabels().remove("app.kubernetes.io/version");
      }
      o.getMetadata().setAnnotations(null);
      out.add(o);
    }
    out.sort(
        Comparator.comparing((HasMetadata o) -> o.getKind())
            .thenComparing(o -> o.getMetadata().getName()));
    return out.stream()
        .map(Serialization::asYaml)
        .collect(Collectors.joining(""))
        .replace("---\n---\n", "---\n");
  }

  /**
   * Checks (or, with {@code -Dkc.updateGenerated=true}, writes) {@code k8s/rbac/<operator>.yaml}
   * against the RBAC generated into {@code target/kubernetes/kubernetes.yml} of the module under
   * test (the working directory of its test JVM).
   */
  public static void assertCommittedUpToDate(String operator) {
    GeneratedFiles.assertUpToDate(
        fromGenerated(generatedManifest(), operator),
        "k8s/rbac/" + operator + ".yaml",
        "./mvnw -B verify -pl " + operator);
  }

  /** Every object of a (multi-document) YAML file. */
  static List<HasMetadata> loadAll(Path yaml) {
    try (InputStream in = Files.newInputStream(yaml)) {
      Object parsed = Serialization.unmarshal(in);
      List<HasMetadata> objects = new ArrayList<>();
      if (parsed instanceof List<?> list) {
        list.forEach(o -> objects.add((HasMetadata) o));
      } else if (parsed instanceof io.fabric8.kubernetes.api.model.KubernetesList list) {
        objects.addAll(list.getItems());
      } else if (parsed instanceof HasMetadata single) {
        objects.add(single);
      }
      return objects;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code target/kubernetes/kubernetes.yml} of the module whose tests run in this JVM. */
  static Path generatedManifest() {
    Path generated = Path.of("target/kubernetes/kubernetes.yml");
    if (!Files.exists(generated)) {
      throw new IllegalStateException(
          generated.toAbsolutePath()
              + " is missing: run the integration tests through Maven (`./mvnw verify`), which"
              + " packages the operator first");
    }
    return generated;
  }

  private static void subjectNamespace(Subject s, String ns) {
    if ("ServiceAccount".equals(s.getKind())) {
      s.setNamespace(ns);
    }
  }

  private static String unique(String name, String operator) {
    return name.startsWith("josdk-") ? operator + "-" + name.substring("josdk-".length()) : name;
  }
}
