package io.kvsync.benchmarks;

import io.kvsync.engine.KvSync;
import io.kvsync.hibernate.KvSyncHibernate;
import io.kvsync.hibernate.ResyncResult;
import io.kvsync.spi.KvStore;
import org.hibernate.SessionFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Scenario 6: the outbox relay catching up after a crash, against {@code KvSyncHibernate.resync} of the
 * same rows.
 * <ul>
 *   <li>{@link #crash} leaves the backlog a process killed between its commits and their replication
 *       leaves: the shipment table is emptied, then {@code rows} single-entity transactions commit through
 *       a KvSync in outbox mode whose store is down ({@link DownKvStore}), each recording its change in the
 *       outbox table; that KvSync is closed without draining ({@code kvsync.shutdown.timeout=0s}), so the
 *       rows stay. Its grace period is an hour, so that its own relay never takes them. A copy of the rows
 *       is kept.</li>
 *   <li>{@link #relay}: the copy is restored and the rows' Redis keys deleted (untimed); then, from
 *       registering a fresh KvSync (Redis store, outbox mode, grace 0 s, polling every 100 ms) on a new
 *       session factory until the outbox table is empty and every key of the rows is in Redis.</li>
 *   <li>{@link #resync}: the keys deleted again (untimed), then {@code KvSyncHibernate.resync} of the
 *       shipment table, which holds only those rows, by a fresh KvSync on the same store, until it returns
 *       (the store has every write).</li>
 * </ul>
 * Not thread-safe.
 */
final class RelayCatchUp {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    /** Keys per read when checking that every key is in Redis. */
    private static final int CHECK_BATCH = 1_000;

    private final BenchDatabase db;
    private final OutboxTable outbox;
    private final SessionFactory plain;
    private final Supplier<KvStore> stores;
    private final Runnable clearStore;
    private final List<String> keys = new ArrayList<>();
    private int rows;

    /**
     * @param plain      a factory with nothing registered, for the resync
     * @param stores     a new Redis store under the scenario's own prefix, per KvSync
     * @param clearStore deletes every key under that prefix
     */
    RelayCatchUp(BenchDatabase db, OutboxTable outbox, SessionFactory plain, Supplier<KvStore> stores, Runnable clearStore) {
        this.db = db;
        this.outbox = outbox;
        this.plain = plain;
        this.stores = stores;
        this.clearStore = clearStore;
    }

    /**
     * Empties the shipment table and leaves {@code count} undelivered outbox rows, one commit each, then
     * keeps a copy of them.
     *
     * @throws IllegalStateException when the outbox does not hold exactly {@code count} rows afterwards
     */
    void crash(int count) throws SQLException {
        outbox.drop();
        db.execute("truncate table " + db.table());
        keys.clear();
        SessionFactory factory = db.open(Map.of());
        KvSync doomed = KvSync.builder().store(new DownKvStore()).properties(outbox.settings())
                .property(OutboxTable.GRACE, "1h").shutdownTimeout(Duration.ZERO).build();
        // The crash abandons every write, which the engine warns about: expected here, and it would clutter the output.
        Logger engineLog = Logger.getLogger("io.kvsync.engine");
        Level level = engineLog.getLevel();
        try {
            KvSyncHibernate.register(factory, doomed);
            for (int i = 0; i < count; i++) {
                Shipment shipment = new Shipment(UUID.randomUUID().toString());
                factory.inTransaction(session -> session.persist(shipment));
                keys.add("shipment:id:" + shipment.id);
                keys.add("shipment:uuid:" + shipment.uuid);
            }
        } finally {
            engineLog.setLevel(Level.SEVERE);
            try {
                doomed.close();
            } finally {
                engineLog.setLevel(level);
                db.close(factory);
            }
        }
        long left = outbox.rows();
        if (left != count) {
            throw new IllegalStateException("the crash left " + left + " rows in the outbox table, not " + count);
        }
        outbox.keepBacklog();
        rows = count;
    }

    /**
     * Restores the first {@code count} rows of the backlog and times the relay of a fresh KvSync through them.
     *
     * @param verify whether to check that every key of the crash is in Redis at the end (only with all rows)
     * @return nanoseconds from registration until the outbox table was empty (and every key in Redis)
     * @throws IllegalStateException when the relay did not finish within ten minutes, a write failed or a
     *                               key is missing
     */
    long relay(int count, boolean verify) throws SQLException {
        outbox.restoreBacklog(count);
        clearStore.run();
        SessionFactory factory = db.open(Map.of());
        KvSync kv = KvSync.builder().store(stores.get()).properties(outbox.settings())
                .property(OutboxTable.GRACE, "0s").property(OutboxTable.POLL_INTERVAL, "100ms").build();
        try {
            long started = System.nanoTime();
            KvSyncHibernate.register(factory, kv);
            long done = outbox.awaitEmpty(TIMEOUT);
            // A row is deleted only once the store acknowledged its writes, so every key should be there now.
            if (verify) {
                done = awaitKeys(kv, done);
            }
            if (kv.stats().failed() > 0) {
                throw new IllegalStateException("writes failed during the relay: " + kv.stats());
            }
            return done - started;
        } finally {
            db.close(factory);
            kv.close();
        }
    }

    /**
     * Times {@code KvSyncHibernate.resync} of the shipment table (the crash's rows) by a fresh KvSync.
     *
     * @return nanoseconds from the call until it returned
     * @throws IllegalStateException when it did not resync every row, a write failed or a key is missing
     */
    long resync() {
        clearStore.run();
        try (KvSync kv = KvSync.builder().store(stores.get()).build()) {
            long started = System.nanoTime();
            ResyncResult result = KvSyncHibernate.resync(plain, kv, Shipment.class);
            long elapsed = System.nanoTime() - started;
            if (result.rows() != rows || result.failed() > 0 || !result.idle() || kv.stats().failed() > 0) {
                throw new IllegalStateException("the resync of " + rows + " rows did not complete: " + result + ", " + kv.stats());
            }
            awaitKeys(kv, System.nanoTime());
            return elapsed;
        }
    }

    /** @return {@code since} when every key is in the store now, else when the last one arrived */
    private long awaitKeys(KvSync kv, long since) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long missing = missing(kv);
        if (missing == 0) {
            return since;
        }
        while (missing > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(missing + " of " + keys.size() + " keys were not in Redis 30 s after the outbox was empty");
            }
            LockSupport.parkNanos(1_000_000);
            missing = missing(kv);
        }
        return System.nanoTime();
    }

    private long missing(KvSync kv) {
        long missing = 0;
        for (int from = 0; from < keys.size(); from += CHECK_BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + CHECK_BATCH));
            missing += batch.size() - kv.fetchBytes(batch).size();
        }
        return missing;
    }

    int rows() {
        return rows;
    }
}
