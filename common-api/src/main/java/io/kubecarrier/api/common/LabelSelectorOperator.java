package io.kubecarrier.api.common;

/** Operator of a {@link LabelSelectorRequirement}, as in {@code metav1.LabelSelectorOperator}. */
public enum LabelSelectorOperator {
  /** The label value is one of {@code values}. */
  In,
  /** The label is absent or its value is none of {@code values}. */
  NotIn,
  /** The label is present, whatever its value. {@code values} must be empty. */
  Exists,
  /** The label is absent. {@code values} must be empty. */
  DoesNotExist
}
