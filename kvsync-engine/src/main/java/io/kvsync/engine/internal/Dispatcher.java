package io.kvsync.engine.internal;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.KvSyncBackpressureException;
import io.kvsync.api.SyncReport;
import io.kvsync.spi.KvStore;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Puts the writes of each change into the {@link WriteQueue} that every worker takes batches from, owns
 * the worker threads, and runs the shutdown: drain within the timeout, then report every write that could
 * not be written.
 */
public final class Dispatcher {

    private static final System.Logger LOG = System.getLogger(Loggers.ENGINE);

    private final EngineSettings settings;
    private final EngineStats stats;
    private final Reporter reporter;
    private final WriteQueue queue;
    private final Thread[] workers;

    public Dispatcher(KvStore store, EngineSettings settings, EngineStats stats, Reporter reporter) {
        this.settings = settings;
        this.stats = stats;
        this.reporter = reporter;
        this.queue = new WriteQueue(store, new Semaphore(settings.queueCapacity()), settings, stats, reporter);
        this.workers = new Thread[settings.workers()];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Thread(queue::work, "kvsync-worker-" + i);
            // Daemon, so a forgotten close() cannot keep the JVM alive; close() is what drains.
            workers[i].setDaemon(true);
            workers[i].start();
        }
    }

    /**
     * Enqueues the writes of one entity change, taking the queue's lock once for all of them.
     * When capacity stays full for the offer timeout, each refused write is reported as failed and
     * {@link KvSyncBackpressureException} is thrown (the other writes were enqueued).
     */
    public void enqueue(EntityChange change) {
        List<PendingWrite> refused = queue.offer(change.takeWrites(), settings.offerTimeout().toNanos());
        if (!refused.isEmpty()) {
            throw refuse(refused, settings.offerTimeout() + "; the store is down or too slow (raise "
                    + "kvsync.queue.capacity or kvsync.queue.offer-timeout)");
        }
    }

    /**
     * Like {@link #enqueue}, waiting at most {@code timeoutNanos} for room; refused writes are counted and
     * reported, not thrown.
     *
     * @return whether every write was enqueued
     */
    public boolean tryEnqueue(EntityChange change, long timeoutNanos) {
        List<PendingWrite> refused = queue.offer(change.takeWrites(), timeoutNanos);
        if (refused.isEmpty()) {
            return true;
        }
        refuse(refused, Duration.ofNanos(timeoutNanos) + "; left to the caller to deliver later");
        return false;
    }

    private KvSyncBackpressureException refuse(List<PendingWrite> refused, String after) {
        stats.rejected.add(refused.size());
        PendingWrite sample = refused.get(0);
        KvSyncBackpressureException error = new KvSyncBackpressureException("cannot enqueue "
                + describe(sample.entityType(), sample.keyName, sample.key())
                + (refused.size() > 1 ? " (and " + (refused.size() - 1) + " more keys)" : "") + ": "
                + settings.queueCapacity() + " keys are already pending and none was written within " + after);
        long now = System.nanoTime();
        refused.forEach(w -> reporter.report(w, error, now));
        return error;
    }

    /** How long the first write in line has waited, in nanoseconds; {@code 0} when none waits. */
    public long oldestPendingNanos() {
        return queue.oldestPendingNanos();
    }

    /** Waits until nothing is pending or in flight; {@code false} if {@code timeout} passed first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return queue.awaitIdle(System.nanoTime() + timeout.toNanos());
    }

    /**
     * Drains the queue within the shutdown timeout, then abandons what is left and reports each
     * abandoned write.
     *
     * @return the writes that were not written
     */
    public List<SyncReport> shutdown() {
        long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
        queue.drain();
        boolean interrupted = false;
        for (Thread worker : workers) {
            long remaining = deadline - System.nanoTime();
            try {
                if (remaining > 0) {
                    worker.join(Math.max(1, remaining / 1_000_000));
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        KvStoreException cause = new KvStoreException("not written: KVSync was closed and the shutdown timeout of "
                + settings.shutdownTimeout() + " elapsed before this write reached the store");
        List<SyncReport> unwritten = new ArrayList<>();
        long now = System.nanoTime();
        for (PendingWrite write : queue.abandon(cause)) {
            SyncReport report = Reporter.reportOf(write, cause, now);
            unwritten.add(report);
            reporter.report(report);
        }
        for (Thread worker : workers) {
            try {
                // A worker blocked in a store call gets a moment to notice; it is a daemon either way.
                worker.join(1_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (!unwritten.isEmpty()) {
            LOG.log(Level.WARNING, unwritten.size() + " writes were not replicated before the shutdown timeout of "
                    + settings.shutdownTimeout() + "; each was reported; run a resync to repair the store");
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return unwritten;
    }

    static String describe(Class<?> entityType, String keyName, String key) {
        return (entityType == null ? "" : entityType.getName() + " ") + (keyName == null ? "key" : "key " + keyName)
                + " \"" + key + "\"";
    }
}
