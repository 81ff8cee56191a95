package io.kubecarrier.registry.assignment;

/**
 * CDI event fired on the reconciler thread right after the registry let go of a deleting
 * assignment's finalizer, before the execution that did it finishes. Observers run synchronously
 * and so hold that execution: AssignmentReleaseIT recreates the assignment in that moment, where
 * JOSDK's own finalizer removal lost the new object (see FinalizerRelease).
 *
 * @param namespace the provider namespace
 * @param name the assignment's name
 * @param uid the released object's uid
 */
public record AssignmentReleased(String namespace, String name, String uid) {}
