package io.kvsync.demo;

import io.kvsync.api.SyncOperation;
import io.kvsync.api.SyncReport;
import io.kvsync.engine.KvSync;
import io.kvsync.engine.KvSyncBuilder;
import io.kvsync.hibernate.KvSyncHibernate;
import org.HdrHistogram.SynchronizedHistogram;
import org.hibernate.SessionFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/** Runs the demo's phases in order and gathers the report. */
final class DemoRun {

    private final DemoSettings settings;
    private final PrintStream out;
    /** Recorded by the engine's workers, concurrently; three significant digits, so within 0.1 %. */
    private final SynchronizedHistogram lag = new SynchronizedHistogram(3);
    private final AtomicBoolean measuringLag = new AtomicBoolean(true);

    DemoRun(DemoSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    DemoReport run() {
        try (KvSync kv = buildKvSync(); SessionFactory sessionFactory = DemoDatabase.open(settings.effectiveJdbcUrl())) {
            KvSyncHibernate.register(sessionFactory, kv);
            out.printf(Locale.ROOT, "KVSync demo: %d rows on %s, store %s, marshaler %s, %d workers%n", settings.rows(),
                    settings.jdbcUrl() == null ? "in-memory H2" : settings.jdbcUrl(), settings.store(),
                    kv.marshaler().name(), settings.workers());

            Workload workload = new Workload(sessionFactory, settings.progress());
            long start = System.nanoTime();
            workload.insert(settings.rows());
            awaitReplication(kv);
            double rowsPerSecond = settings.rows() / ((System.nanoTime() - start) / 1e9);
            measuringLag.set(false);

            workload.updateQuarter();
            workload.deleteTenth();
            workload.rollBack(20);
            awaitReplication(kv);

            Verifier.Result verified = new Verifier(sessionFactory, kv).verify(workload.retiredKeys);
            LookupTimer.Result lookup = LookupTimer.measure(sessionFactory, kv, workload.memberIds());
            String summary = String.format(Locale.ROOT,
                    "workload: %d inserts, %d updates (%d changing a key), %d deletes, %d rolled-back transactions",
                    settings.rows(), workload.updates, workload.keyChanges, workload.deletes, workload.rollbacks);
            return new DemoReport(settings, verified, verified.mismatches(), rowsPerSecond, lag.getValueAtPercentile(50),
                    lag.getValueAtPercentile(99), lookup, summary);
        }
    }

    private KvSync buildKvSync() {
        KvSyncBuilder builder = KvSync.builder()
                .property("kvsync.store", settings.store())
                .property("kvsync.marshaler", settings.marshaler())
                .workers(settings.workers())
                .onReport(this::record);
        switch (settings.store()) {
            // A run of its own under a fresh prefix: ids restart at 1 in every new database, and the
            // versions a previous run left under the same keys would (rightly) fence this run's writes.
            // The entries expire after an hour, so repeated demos leave nothing behind for long.
            case "redis" -> builder.property("kvsync.redis.uri", settings.redisUri())
                    .property("kvsync.redis.prefix", "kvsync-demo:" + Long.toString(System.currentTimeMillis(), 36) + ":")
                    .expiration(Duration.ofHours(1));
            case "hazelcast" -> builder.property("kvsync.hazelcast.mode", "embedded");
            default -> { }
        }
        return builder.build();
    }

    /** The lag of a put is the time from its enqueue, right after the commit, to the store's acknowledgement. */
    private void record(SyncReport report) {
        if (report.ok() && report.operation() == SyncOperation.PUT && measuringLag.get()) {
            lag.recordValue(report.latency().toNanos());
        }
    }

    private static void awaitReplication(KvSync kv) {
        if (!kv.awaitIdle(Duration.ofMinutes(5))) {
            throw new IllegalStateException("replication did not finish within 5 minutes; pending: " + kv.stats().pending());
        }
    }
}
