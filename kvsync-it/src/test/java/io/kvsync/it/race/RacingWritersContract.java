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
 */
abstract class RacingWritersContract {

    private static final int ROWS = 200;
    private static final int WRITERS_PER_ENGINE = 2;
    private static final int COMMITS_PER_WRITER = 1_500;
    /** Per mille of commits that delete their row; deleted rows stay deleted. */
    private static final int DELETES_PER_MILLE = 5;
    private static final long SEED = 20_260_127L;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    /**
     * A store on the backend under test, one per engine; every call returns a new store over the same
     * data (same Redis prefix, same map).
     */
    protected abstract KvStore newStore();

    @Test
    void the_store_ends_on_the_latest_version_of_every_row_whatever_order_the_writes_arrive_in() throws Exception {
        Ledger ledger = new Ledger(ROWS);
        LateDeliveryStore badLink = new LateDeliveryStore(newStore(), SEED);
        try (KvSync first = engine(newStore()); KvSync second = engine(badLink)) {
            ledger.rows().values().forEach(row -> first.enqueue(row, row.version()));

            commitConcurrently(ledger, List.of(first, second));
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
     * Writers commit updates and deletes of random rows to the ledger and replicate each right after,
     * through their engine. A writer's replication may reach its engine after another writer's newer
     * commit of the same row, as after-commit callbacks of different threads and JVMs do.
     */
    private static void commitConcurrently(Ledger ledger, List<KvSync> engines) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(engines.size() * WRITERS_PER_ENGINE);
        try {
            List<Future<?>> writers = new ArrayList<>();
            int writer = 0;
            for (KvSync engine : engines) {
                for (int i = 0; i < WRITERS_PER_ENGINE; i++) {
                    Random random = new Random(SEED + writer++);
                    writers.add(pool.submit(() -> commit(ledger, engine, random)));
                }
            }
            for (Future<?> future : writers) {
                future.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("a writer failed", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void commit(Ledger ledger, KvSync engine, Random random) {
        for (int i = 0; i < COMMITS_PER_WRITER; i++) {
            long id = 1 + random.nextInt(ROWS);
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
