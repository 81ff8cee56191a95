package io.kubecarrier.catalog.catalog;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.kubecarrier.api.common.Annotations;
import io.kubecarrier.api.common.Labels;
import io.kubecarrier.api.common.Verbs;
import io.kubecarrier.api.offering.Offering;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a published Offering, Role or RoleBinding becomes when no Catalog publishes it any more but
 * tenants may still have instances that need it (docs/lifecycle.md): the same object, labelled
 * {@code kubecarrier.io/withdrawn: "true"}, and for the Role without the verb {@code order} (so
 * existing instances stay readable, editable and deletable while new ones are refused at
 * admission). The copy is applied under the publication's field manager, so publishing the object
 * again (without the label, with {@code order}) removes the label and gives the verb back.
 */
public final class Withdrawal {

  /** Label selector (string form) of withdrawn objects of this operator. */
  public static final String SELECTOR =
      Labels.MANAGED_BY
          + "="
          + Labels.MANAGED_BY_CATALOG_OPERATOR
          + ","
          + Labels.WITHDRAWN
          + "="
          + Labels.WITHDRAWN_TRUE;

  private Withdrawal() {}

  /** Whether {@code o} is kept (withdrawn) rather than deleted when no longer published. */
  public static boolean keeps(HasMetadata o) {
    return o instanceof Offering || o instanceof Role || o instanceof RoleBinding;
  }

  /** Whether {@code o} carries the withdrawn label. */
  public static boolean isWithdrawn(HasMetadata o) {
    return o.getMetadata().getLabels() != null
        && Labels.WITHDRAWN_TRUE.equals(o.getMetadata().getLabels().get(Labels.WITHDRAWN));
  }

  /**
   * The withdrawn form of {@code published} (an object {@link #keeps kept}): a clean copy of what
   * the operator applied (name, namespace, its {@code kubecarrier.io/} labels sorted, the source
   * annotation, spec, rules or subjects) plus the withdrawn label; a Role loses {@code order}.
   *
   * @throws IllegalArgumentException for other kinds
   */
  public static HasMetadata of(HasMetadata published) {
    ObjectMeta meta = meta(published);
    if (published instanceof Offering o) {
      Offering w = new Offering();
      w.setMetadata(meta);
      w.setSpec(o.getSpec());
      return w;
    }
    if (published instanceof Role r) {
      return new RoleBuilder().withMetadata(meta).withRules(withoutOrder(r.getRules())).build();
    }
    if (published instanceof RoleBinding b) {
      return new RoleBindingBuilder()
          .withMetadata(meta)
          .withRoleRef(b.getRoleRef())
          .withSubjects(b.getSubjects())
          .build();
    }
    throw new IllegalArgumentException(published.getKind() + " is never kept when withdrawn");
  }

  /** {@code rules} without the verb {@code order}, every other verb kept. */
  static List<PolicyRule> withoutOrder(List<PolicyRule> rules) {
    if (rules == null) {
      return List.of();
    }
    return rules.stream()
        .map(
            r ->
                new PolicyRuleBuilder(r)
                    .withVerbs(
                        r.getVerbs() == null
                            ? List.of()
                            : r.getVerbs().stream().filter(v -> !Verbs.ORDER.equals(v)).toList())
                    .build())
        .toList();
  }

  private static ObjectMeta meta(HasMetadata o) {
    Map<String, String> labels = new TreeMap<>();
    if (o.getMetadata().getLabels() != null) {
      o.getMetadata()
          .getLabels()
          .forEach(
              (k, v) -> {
                if (k.startsWith(Labels.PREFIX)) {
                  labels.put(k, v);
                }
              });
    }
    labels.put(Labels.WITHDRAWN, Labels.WITHDRAWN_TRUE);
    ObjectMetaBuilder b =
        new ObjectMetaBuilder()
            .withName(o.getMetadata().getName())
            .withNamespace(o.getMetadata().getNamespace())
            .withLabels(labels);
    String source =
        o.getMetadata().getAnnotations() == null
            ? null
            : o.getMetadata().getAnnotations().get(Annotations.SOURCE);
    if (source != null) {
      b.addToAnnotations(Annotations.SOURCE, source);
    }
    return b.build();
  }
}
