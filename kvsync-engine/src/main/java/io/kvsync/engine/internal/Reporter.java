package io.kvsync.engine.internal;

import io.kvsync.api.SyncOperation;
import io.kvsync.api.SyncReport;
import io.kvsync.spi.KvWrite;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.function.Consumer;

/** Hands reports to the user's callback; a callback that throws is logged and never stops a worker. */
public final class Reporter {

    private static final System.Logger LOG = System.getLogger(Loggers.ENGINE);

    private final Consumer<SyncReport> callback;

    public Reporter(Consumer<SyncReport> callback) {
        this.callback = callback;
    }

    void report(PendingWrite write, Throwable error, long nowNanos) {
        // Nobody listens to successes without a callback: skip building the report on the hot path.
        if (error == null && callback == null) {
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
        if (callback == null) {
            return;
        }
        try {
            callback.accept(report);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the KVSync report callback threw; the report was " + report, e);
        }
    }
}
