package io.kvsync.engine.internal;

import io.kvsync.api.SyncOperation;
import io.kvsync.api.SyncReport;
import io.kvsync.spi.KvWrite;

import java.lang.System.Logger.Level;
import io.kvsync.engine.KvSyncListener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hands reports to the user's callback and to the {@link KvSyncListener}s, and store calls to the
 * listeners; a callback or listener that throws is logged and never stops a worker.
 */
public final class Reporter {

    private static final System.Logger LOG = System.getLogger(Loggers.ENGINE);

    private final Consumer<SyncReport> callback;
    private final List<KvSyncListener> listeners = new CopyOnWriteArrayList<>();
    /** Whether anyone listens to successes: read on the hot path instead of the list. */
    private volatile boolean listened;

    public Reporter(Consumer<SyncReport> callback) {
        this.callback = callback;
        this.listened = callback != null;
    }

    public void addListener(KvSyncListener listener) {
        listeners.add(listener);
        listened = true;
    }

    public void removeListener(KvSyncListener listener) {
        listeners.remove(listener);
        listened = callback != null || !listeners.isEmpty();
    }

    /** Whether store calls are observed, so that the workers time them. */
    boolean timesStoreWrites() {
        return !listeners.isEmpty();
    }

    void storeWrote(int writes, long elapsedNanos, Throwable error) {
        for (KvSyncListener listener : listeners) {
            try {
                listener.onStoreWrite(writes, elapsedNanos, error);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a KVSync listener threw on a store write of " + writes + " keys", e);
            }
        }
    }

    void report(PendingWrite write, Throwable error, long nowNanos) {
        // Nobody listens to successes without a callback or listener: skip building the report on the hot path.
        if (error == null && !listened) {
            return;
        }
        report(reportOf(write, error, nowNanos));
    }

    static SyncReport reportOf(PendingWrite write, Throwable error, long nowNanos) {
        SyncOperation operation = write.write instanceof KvWrite.Put ? SyncOperation.PUT : SyncOperation.DELETE;
        return new SyncReport(operation, write.entityType(), write.keyName, write.key(), error,
                Duration.ofNanos(nowNanos - write.change.enqueuedNanos), Math.max(1, write.attempts));
    }

    public void report(SyncReport report) {
        if (!report.ok()) {
            LOG.log(Level.DEBUG, () -> report.toString());
        }
        if (callback != null) {
            try {
                callback.accept(report);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the KVSync report callback threw; the report was " + report, e);
            }
        }
        for (KvSyncListener listener : listeners) {
            try {
                listener.onReport(report);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a KVSync listener threw; the report was " + report, e);
            }
        }
    }
}
