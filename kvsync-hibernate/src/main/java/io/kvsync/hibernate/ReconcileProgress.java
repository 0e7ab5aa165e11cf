package io.kvsync.hibernate;

/**
 * How far a reconcile has come.
 *
 * @param entityType the entity being reconciled
 * @param phase      {@code "rows"} while rows are compared, {@code "orphans"} while stored keys are scanned
 * @param done       rows compared, or keys scanned
 * @param total      rows counted at the start (0 in the orphan phase, whose size is not known up front)
 */
public record ReconcileProgress(Class<?> entityType, String phase, long done, long total) {
}
