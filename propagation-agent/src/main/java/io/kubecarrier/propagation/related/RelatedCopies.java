package io.kubecarrier.propagation.related;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.KeySelection;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Names;
import io.kubecarrier.api.common.RelatedKind;
import io.kubecarrier.api.common.RelatedResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the copies of related Secrets and ConfigMaps: the source's data (only the selected keys,
 * renamed as declared) and type, our labels and annotations, and the hash of all that in {@link
 * Annotations#APPLIED_HASH}, so that an unchanged copy costs no write. Pure functions.
 */
public final class RelatedCopies {

  private RelatedCopies() {}

  /** The copy of {@code source} named {@code namespace/name}, with these labels. */
  public static HasMetadata copy(
      RelatedResource decl,
      HasMetadata source,
      String namespace,
      String name,
      Map<String, String> labels,
      String sourceAnnotation) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(Annotations.SOURCE, sourceAnnotation);
    HasMetadata copy;
    if (source instanceof Secret s) {
      copy =
          new SecretBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(namespace)
              .withLabels(labels)
              .withAnnotations(annotations)
              .endMetadata()
              .withType(s.getType() == null ? "Opaque" : s.getType())
              .withData(select(decl.getKeys(), s.getData()))
              .build();
    } else {
      ConfigMap c = (ConfigMap) source;
      copy =
          new ConfigMapBuilder()
              .withNewMetadata()
              .withName(name)
              .withNamespace(namespace)
              .withLabels(labels)
              .withAnnotations(annotations)
              .endMetadata()
              .withData(select(decl.getKeys(), c.getData()))
              .withBinaryData(select(decl.getKeys(), c.getBinaryData()))
              .build();
    }
    annotations.put(Annotations.APPLIED_HASH, hash(copy));
    copy.getMetadata().setAnnotations(annotations);
    return copy;
  }

  /** The data keys that travel: all, or the selected ones under their new names. */
  static Map<String, String> select(List<KeySelection> keys, Map<String, String> data) {
    Map<String, String> in = data == null ? Map.of() : data;
    if (keys == null || keys.isEmpty()) {
      return new TreeMap<>(in);
    }
    Map<String, String> out = new TreeMap<>();
    for (KeySelection k : keys) {
      if (in.containsKey(k.getKey())) {
        out.put(k.target(), in.get(k.getKey()));
      }
    }
    return out;
  }

  /** The hash of what a copy carries: labels, annotations but the hash, type and data. */
  static String hash(HasMetadata copy) {
    Map<String, String> a = new TreeMap<>(copy.getMetadata().getAnnotations());
    a.remove(Annotations.APPLIED_HASH);
    String content =
        copy instanceof Secret s
            ? s.getType() + new TreeMap<>(s.getData())
            : new TreeMap<>(((ConfigMap) copy).getData())
                + "/"
                + new TreeMap<>(((ConfigMap) copy).getBinaryData());
    return Names.hash(new TreeMap<>(copy.getMetadata().getLabels()) + "/" + a + "/" + content);
  }

  /**
   * Whether {@code existing} is what {@code copy} describes: written from the same desired copy
   * (hash) and its content not changed since (by hand).
   */
  public static boolean upToDate(HasMetadata existing, HasMetadata copy) {
    if (existing == null || !java.util.Objects.equals(appliedHash(existing), appliedHash(copy))) {
      return false;
    }
    if (existing instanceof Secret e && copy instanceof Secret c) {
      return java.util.Objects.equals(orEmpty(e.getData()), orEmpty(c.getData()))
          && java.util.Objects.equals(e.getType(), c.getType());
    }
    if (existing instanceof ConfigMap e && copy instanceof ConfigMap c) {
      return java.util.Objects.equals(orEmpty(e.getData()), orEmpty(c.getData()))
          && java.util.Objects.equals(orEmpty(e.getBinaryData()), orEmpty(c.getBinaryData()));
    }
    return false;
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }

  /** The hash a copy was written with, or null. */
  public static String appliedHash(HasMetadata o) {
    Map<String, String> a = o == null ? null : o.getMetadata().getAnnotations();
    return a == null ? null : a.get(Annotations.APPLIED_HASH);
  }

  /** Whether {@code o} is a copy the agent made in a service namespace for tenant namespace ns. */
  public static boolean isDownCopy(HasMetadata o, String tenantNamespace) {
    Map<String, String> l = o.getMetadata().getLabels();
    return l != null
        && Labels.MANAGED_BY_PROPAGATION_AGENT.equals(l.get(Labels.MANAGED_BY))
        && Labels.RELATED_DOWN.equals(l.get(Labels.RELATED))
        && tenantNamespace.equals(l.get(Labels.OWNER_NAMESPACE));
  }

  /** The labels of a down copy (shared by the instances of one tenant namespace). */
  public static Map<String, String> downLabels(String tenantNamespace) {
    Map<String, String> l = new LinkedHashMap<>();
    l.put(Labels.MANAGED_BY, Labels.MANAGED_BY_PROPAGATION_AGENT);
    l.put(Labels.RELATED, Labels.RELATED_DOWN);
    l.put(Labels.OWNER_NAMESPACE, tenantNamespace);
    return l;
  }

  /** The API kind name, for messages. */
  public static String kindName(RelatedKind kind) {
    return kind == RelatedKind.Secret ? "Secret" : "ConfigMap";
  }
}
