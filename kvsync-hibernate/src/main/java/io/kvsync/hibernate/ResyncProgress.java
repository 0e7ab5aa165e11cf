package io.kvsync.hibernate;

/**
 * How far a resync has come.
 *
 * @param entityType the entity being resynced
 * @param done       rows enqueued so far
 * @param total      rows counted at the start (rows inserted meanwhile may make {@code done} exceed it)
 */
public record ResyncProgress(Class<?> entityType, long done, long total) {
}
