package io.kubecarrier.propagation;

import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import org.jboss.logging.Logger;

/** Informer policy of the agent: never give up, even when the first list fails. */
final class Informers {
  private static final Logger LOG = Logger.getLogger(Informers.class);

  private Informers() {}

  /**
   * Retries after every error (the informer backs off by itself): a cluster that is down at start,
   * a CRD that is still initialising or a right that is granted a moment later must not stop a
   * watch for good. Objects that cannot be deserialised are skipped by fabric8 in any case.
   */
  static boolean retry(boolean started, Throwable t) {
    if (!ExceptionHandler.isDeserializationException(t)) {
      LOG.debugf(
          "informer error (%s), retrying: %s", started ? "watching" : "listing", t.toString());
    }
    return true;
  }
}
