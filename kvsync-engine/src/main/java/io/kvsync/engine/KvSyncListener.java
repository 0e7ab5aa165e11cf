package io.kvsync.engine;

import io.kvsync.api.SyncReport;

/**
 * Observes a {@link KvSync} as it works, for metrics and health checks: every {@link SyncReport} the
 * report callback gets, and every call the workers make to the store. Added with
 * {@link KvSync#addListener} after the instance is built, so that a metrics binder
 * ({@code KvSyncMetrics} in {@code kvsync-micrometer}) can attach to an instance that something else built.
 *
 * <p>Both methods run on the engine's worker threads, after the store answered: they must be quick and
 * must not block. A listener that throws is logged and does not stop a worker.
 */
public interface KvSyncListener {

    /** One key's outcome, exactly as the {@linkplain KvSyncBuilder#onReport report callback} receives it. */
    default void onReport(SyncReport report) {
    }

    /**
     * One call to the store's {@code write}.
     *
     * @param writes       how many key writes the call carried
     * @param elapsedNanos how long the store took to answer, in nanoseconds
     * @param error        the failure, or {@code null} when the store acknowledged every write
     */
    default void onStoreWrite(int writes, long elapsedNanos, Throwable error) {
    }
}
