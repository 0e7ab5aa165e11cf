package io.kvsync.it.race;

import io.kvsync.engine.KvSync;
import io.kvsync.marshal.bson.BsonMarshaler;
import io.kvsync.spi.KvStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two engines, standing for two JVMs, replicate the same versioned rows at the same time; one of them
 * reaches the store over a {@link LateDeliveryStore}, which delivers its batches late and out of order,
 * some after the engine has already retried them. The store must still end on the database's latest
 * state for every key, and hold nothing for deleted rows. Each backend runs this once.
 *
 * <p>How late the random link delivers depends on how the engines batch, and so on the load of the
 * machine; a stale delivery is therefore also staged for certain, on a row of its own: the link keeps
 * back the first write of that row's key ({@link HeldBackWrite}) and delivers it only after a newer
 * version has landed, and the store must keep the newer one.
 */
abstract class RacingWritersContract {

    private static final int ROWS = 200;
    private static final int WRITERS_PER_ENGINE = 2;
    private static final int COMMITS_PER_WRITER = 1_500;
    /** Per mille of commits that delete their row; deleted rows stay deleted. */
    private static final int DELETES_PER_MILLE = 5;
    private static final long SEED = 20_260_127L;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    /** The row of the staged stale delivery: the writers leave it alone, so nothing else writes it meanwhile. */
    private static final long HELD_ROW = 1;

    /**
     * A store on the backend under test, one per engine; every call returns a new store over the same
     * data (same Redis prefix, same map).
     */
    protected abstract KvStore newStore();

    @Test
    void the_store_ends_on_the_latest_version_of_every_row_whatever_order_the_writes_arrive_in() throws Exception {
        Ledger ledger = new Ledger(ROWS);
        HeldBackWrite heldBack = new HeldBackWrite(Wallet.keysOf(HELD_ROW).get(0));
        LateDeliveryStore badLink = new LateDeliveryStore(newStore(), SEED, heldBack);
        try (KvSync first = engine(newStore()); KvSync second = engine(badLink)) {
            ledger.rows().values().forEach(row -> first.enqueue(row, row.version()));

            ExecutorService pool = Executors.newFixedThreadPool(2 * WRITERS_PER_ENGINE);
            try {
                List<Future<?>> writers = startWriters(ledger, List.of(first, second), pool);
                Wallet newer = overtakeTheHeldBackWrite(ledger, second, heldBack);
                assertThat(first.fetchByKey(Wallet.class, heldBack.key()))
                        .as("%s after its version %d arrived late, behind version %d", heldBack.key(),
                                heldBack.version(), newer.version())
                        .contains(newer);
                awaitWriters(writers);
            } finally {
                pool.shutdownNow();
            }
            assertThat(first.awaitIdle(DEADLINE)).as("first engine idle").isTrue();
            assertThat(second.awaitIdle(DEADLINE)).as("second engine idle").isTrue();
            badLink.deliverEverything();

            assertStoreMatches(ledger, first);
            // The race was real: late copies of older versions did reach the store after newer ones.
            assertThat(badLink.lostReplies()).as("batches delivered after the engine gave up on them").isPositive();
            assertThat(badLink.staleDeliveries()).as("writes delivered after a newer write of their key").isPositive();
            assertThat(ledger.deleted()).as("rows deleted during the race").isNotEmpty();
        }
    }

    /**
     * Commits two updates of {@link #HELD_ROW} through {@code engine}, whose link keeps back the first
     * and delivers it once the second has landed; returns the second, which the store must keep.
     */
    private static Wallet overtakeTheHeldBackWrite(Ledger ledger, KvSync engine, HeldBackWrite heldBack)
            throws InterruptedException {
        Wallet older = ledger.update(HELD_ROW, 1).orElseThrow();
        engine.enqueue(older, older.version());
        heldBack.awaitKeptBack(DEADLINE);
        // Enqueued only once the older version failed, so that the two cannot be coalesced into one write.
        Wallet newer = ledger.update(HELD_ROW, 1).orElseThrow();
        engine.enqueue(newer, newer.version());
        heldBack.awaitLateCopyDelivered(DEADLINE);
        return newer;
    }

    private static KvSync engine(KvStore store) {
        return KvSync.builder()
                .store(store)
                .marshaler(BsonMarshaler.create())
                .workers(2)
                // Small batches and fast retries: many store calls, so many chances to reorder.
                .batchSize(16)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(20))
                .build();
    }

    /**
     * Starts writers that commit updates and deletes of random rows to the ledger and replicate each right
     * after, through their engine. A writer's replication may reach its engine after another writer's newer
     * commit of the same row, as after-commit callbacks of different threads and JVMs do.
     */
    private static List<Future<?>> startWriters(Ledger ledger, List<KvSync> engines, ExecutorService pool) {
        List<Future<?>> writers = new ArrayList<>();
        int writer = 0;
        for (KvSync engine : engines) {
            for (int i = 0; i < WRITERS_PER_ENGINE; i++) {
                Random random = new Random(SEED + writer++);
                writers.add(pool.submit(() -> commit(ledger, engine, random)));
            }
        }
        return writers;
    }

    private static void awaitWriters(List<Future<?>> writers) throws InterruptedException {
        try {
            for (Future<?> future : writers) {
                future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("a writer failed", e);
        }
    }

    private static void commit(Ledger ledger, KvSync engine, Random random) {
        for (int i = 0; i < COMMITS_PER_WRITER; i++) {
            long id = HELD_ROW + 1 + random.nextInt(ROWS - 1);
            if (random.nextInt(1000) < DELETES_PER_MILLE) {
                ledger.delete(id).ifPresent(row -> engine.enqueueDelete(row, row.version()));
            } else {
                ledger.update(id, random.nextInt(100) - 50).ifPresent(row -> engine.enqueue(row, row.version()));
            }
            // Spreads the commits over a few hundred milliseconds, so they interleave with deliveries.
            LockSupport.parkNanos(100_000);
        }
    }

    private static void assertStoreMatches(Ledger ledger, KvSync reader) {
        assertThat(ledger.keysDifferingFrom(reader, ROWS))
                .as("keys whose stored state is not the database's latest").isEmpty();
    }
}
