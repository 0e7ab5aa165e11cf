package io.kvsync.engine;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.SyncReport;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cases the shared write queue opens, which lanes by key hash could not: several workers take batches
 * from one queue, so a key must never be sent by two at once, a key enqueued again while in flight must
 * wait for its write, and a failed batch must be retried by its own worker with each key's newest write
 * while the others go on. Four workers throughout, the store holding or failing exactly the write the case
 * needs (by its key), so that each case happens for certain.
 */
class SharedQueueTest {

    private static final String HELD = "item:uuid:held";

    private final List<SyncReport> reports = Engines.reports();
    private KvSync kv;

    @AfterEach
    void close() {
        if (kv != null) {
            kv.close();
        }
    }

    /**
     * Records every write call (its keys and the values' names, in order per key) and every key written by
     * two calls at once; runs {@link #onWrite} before forwarding, on the worker's thread.
     */
    private static final class Watching extends TestStores.Forwarding {
        final Set<String> inFlight = ConcurrentHashMap.newKeySet();
        final List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
        final List<String> heldValues = Collections.synchronizedList(new ArrayList<>());
        final List<Thread> heldBy = Collections.synchronizedList(new ArrayList<>());
        volatile Consumer<List<KvWrite>> onWrite = writes -> { };

        Watching(KvStore delegate) {
            super(delegate);
        }

        @Override
        public void write(List<KvWrite> writes) {
            List<String> mine = new ArrayList<>();
            for (KvWrite write : writes) {
                if (inFlight.add(write.key())) {
                    mine.add(write.key());
                } else {
                    overlaps.add(write.key());
                }
                if (write.key().equals(HELD) && write instanceof KvWrite.Put put) {
                    heldValues.add(new String(put.value(), StandardCharsets.UTF_8));
                    heldBy.add(Thread.currentThread());
                }
            }
            try {
                onWrite.accept(writes);
                super.write(writes);
            } finally {
                mine.forEach(inFlight::remove);
            }
        }
    }

    private static boolean touches(List<KvWrite> writes, String key) {
        return writes.stream().anyMatch(write -> write.key().equals(key));
    }

    @Test
    void a_key_enqueued_again_while_its_write_is_in_flight_waits_for_it_while_other_workers_write_other_keys()
            throws Exception {
        Watching store = new Watching(Engines.memoryStore());
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        store.onWrite = writes -> {
            if (touches(writes, HELD) && first.getAndSet(false)) {
                held.countDown();
                await(release);
            }
        };
        kv = Engines.builder(store, reports).workers(4).build();

        kv.enqueue(new Item(1, "held", "v1"));
        assertThat(held.await(30, TimeUnit.SECONDS)).as("the first write of the key is held in the store").isTrue();
        kv.enqueue(new Item(1, "held", "v2"));
        // Other keys go through the other workers while the held one waits: the queue is not blocked.
        kv.sync(new Item(2, "other", "written meanwhile"));
        assertThat(store.heldValues).as("the held key was not sent again while in flight").hasSize(1);

        release.countDown();
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(store.overlaps).as("no key was in two store calls at once").isEmpty();
        assertThat(store.heldValues).as("v1, then v2 once v1 was acknowledged").hasSize(2)
                .satisfies(values -> {
                    assertThat(values.get(0)).contains("v1");
                    assertThat(values.get(1)).contains("v2");
                });
        assertThat(kv.fetch(Item.probeByUuid("held"), "uuid")).map(item -> item.name).contains("v2");
    }

    @Test
    void a_failed_batch_is_sent_again_by_its_worker_with_the_newest_write_of_each_key_and_no_other_worker_takes_it()
            throws Exception {
        Watching store = new Watching(Engines.memoryStore());
        AtomicBoolean first = new AtomicBoolean(true);
        CountDownLatch backingOff = new CountDownLatch(1);
        CountDownLatch otherWritten = new CountDownLatch(1);
        store.onWrite = writes -> {
            if (touches(writes, HELD) && first.getAndSet(false)) {
                // While this batch fails: a newer write of the key, and an unrelated one for the other workers.
                kv.enqueue(new Item(1, "held", "v2"));
                kv.enqueue(new Item(2, "other", "meanwhile"));
                backingOff.countDown();
                throw new KvStoreException("simulated failure of the first batch");
            }
            if (touches(writes, "item:uuid:other")) {
                otherWritten.countDown();
            }
        };
        kv = Engines.builder(store, reports).workers(4)
                .retryBackoff(Duration.ofMillis(300), Duration.ofMillis(300)).build();

        kv.enqueue(new Item(1, "held", "v1"));
        assertThat(backingOff.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(otherWritten.await(30, TimeUnit.SECONDS)).as("another worker wrote the unrelated item").isTrue();
        // Once the failure is reported, during the backoff, an idle worker is woken with work: it must not
        // take the failed key (which would then be written by another thread).
        waitUntil(() -> reports.stream().anyMatch(report -> !report.ok() && report.key().equals(HELD)));
        kv.sync(new Item(3, "third", "during the backoff"));

        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(store.overlaps).as("no key was in two store calls at once").isEmpty();
        assertThat(store.heldBy).as("the worker whose batch failed sent it again").hasSize(2)
                .satisfies(threads -> assertThat(threads.get(1)).isSameAs(threads.get(0)));
        assertThat(store.heldValues).as("the retry carries the newest write, not the failed one").hasSize(2)
                .last().asString().contains("v2");
        assertThat(kv.fetch(Item.probeByUuid("held"), "uuid")).map(item -> item.name).contains("v2");
        assertThat(kv.stats().failed()).as("the first batch: the three keys of v1").isEqualTo(3);
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s");
            }
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new KvStoreException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvStoreException("interrupted", e);
        }
    }
}
