package io.kvsync.benchmarks;

import io.kvsync.engine.KvSync;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.hibernate.SessionFactory;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 4: commits at a fixed rate, and for each the time from {@code commit()} returning until a
 * second, independent {@link KvSync} on the same Redis (its own connection, as another application
 * instance would have) fetches the new row by its uuid. A reader thread polls for each commit in turn;
 * one poll is one Redis round trip, which bounds the resolution. Also keeps the engine's own
 * {@code SyncReport} latency (enqueue → Redis acknowledged) and the transactions' own duration.
 * Not thread-safe.
 */
final class VisibilityLag {

    /** One round's percentiles, in nanoseconds, and the rate achieved. */
    record Round(double commitsPerSecond, long lagP50, long lagP99, long transactionP50, long transactionP99,
                 long reportP50, long reportP99) {
    }

    private record Committed(String key, long committedAt) {
    }

    private static final Committed END = new Committed("", 0);
    private static final Duration GIVE_UP = Duration.ofSeconds(30);

    private final SessionFactory synced;
    private final KvSync reader;
    private final ReportLatencies reports;

    /**
     * @param synced  a factory with KVSync registered
     * @param reader  another KvSync on the same store, only read from
     * @param reports the report callback of the registered KvSync
     */
    VisibilityLag(SessionFactory synced, KvSync reader, ReportLatencies reports) {
        this.synced = synced;
        this.reader = reader;
        this.reports = reports;
    }

    /**
     * Commits {@code commits} single-entity transactions at {@code commitsPerSecond} (never faster; a
     * late commit is not made up for by a burst).
     *
     * @throws IllegalStateException when a committed row did not become visible within 30 seconds
     */
    Round measure(double commitsPerSecond, int commits) throws InterruptedException {
        BlockingQueue<Committed> queue = new LinkedBlockingQueue<>();
        // Three significant digits: every percentile within 0.1 % of a recorded duration.
        Histogram lag = new Histogram(3);
        Histogram transaction = new Histogram(3);
        SynchronizedHistogram report = new SynchronizedHistogram(3);
        AtomicReference<RuntimeException> readerFailure = new AtomicReference<>();
        Thread readerThread = new Thread(() -> poll(queue, lag, readerFailure), "kvsync-bench-visibility");
        readerThread.start();
        reports.recordInto(report);
        long interval = (long) (1e9 / commitsPerSecond);
        long started = System.nanoTime();
        long next = started;
        try {
            for (int i = 0; i < commits && readerFailure.get() == null; i++) {
                for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                Shipment shipment = new Shipment(UUID.randomUUID().toString());
                long begin = System.nanoTime();
                synced.inTransaction(session -> session.persist(shipment));
                long committed = System.nanoTime();
                transaction.recordValue(committed - begin);
                queue.add(new Committed("shipment:uuid:" + shipment.uuid, committed));
                next = Math.max(next + interval, committed);
            }
        } finally {
            queue.add(END);
            readerThread.join();
            reports.recordInto(null);
        }
        if (readerFailure.get() != null) {
            throw readerFailure.get();
        }
        double achieved = commits / ((System.nanoTime() - started) / 1e9);
        if (report.getTotalCount() == 0) {
            throw new IllegalStateException("the engine reported no write of a shipment's uuid key during the round");
        }
        return new Round(achieved, lag.getValueAtPercentile(50), lag.getValueAtPercentile(99),
                transaction.getValueAtPercentile(50), transaction.getValueAtPercentile(99),
                report.getValueAtPercentile(50), report.getValueAtPercentile(99));
    }

    private void poll(BlockingQueue<Committed> queue, Histogram lag, AtomicReference<RuntimeException> failure) {
        try {
            while (true) {
                Committed committed = queue.take();
                if (committed == END) {
                    return;
                }
                long deadline = committed.committedAt() + GIVE_UP.toNanos();
                while (reader.fetchByKey(Shipment.class, committed.key()).isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(committed.key() + " was not visible " + GIVE_UP.toSeconds()
                                + " s after its commit");
                    }
                }
                lag.recordValue(System.nanoTime() - committed.committedAt());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.set(e);
            // Let the committing side see the failure promptly; it stops at its next commit.
            queue.clear();
        }
    }
}
