package io.kvsync.hibernate;

import java.time.Duration;

/**
 * The outcome of {@link KvSyncHibernate#resync}.
 *
 * @param entityType the entity that was resynced
 * @param rows       rows read and enqueued
 * @param failed     rows that could not be enqueued (e.g. a marshaling error; each was logged and reported)
 * @param idle       {@code true} when every write reached the store within the timeout
 * @param elapsed    wall time of the whole resync
 */
public record ResyncResult(Class<?> entityType, long rows, long failed, boolean idle, Duration elapsed) {
}
