package io.kubecarrier.api.common;

/** JSON paths of the printer columns every KubeCarrier kind shows. */
public final class PrinterColumns {

  /** Status of the {@code Ready} condition. */
  public static final String READY = ".status.conditions[?(@.type==\"Ready\")].status";

  /** Creation time, shown as age. */
  public static final String AGE = ".metadata.creationTimestamp";

  private PrinterColumns() {}
}
