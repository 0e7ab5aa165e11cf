package io.kvsync.engine;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.KvSyncKeyConflictException;
import io.kvsync.api.KvSyncUsageException;
import io.kvsync.api.SyncReport;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link Change#whenWritten}: the callback runs once the store holds every write of the change (or something
 * superseding each), never while a write is failing, never for writes abandoned at close; and
 * {@link Change#retireKeys}, the key retirement of a row known only by its type and keys, which the outbox
 * relay replays and settles through the same callback.
 *
 * <p>Every race is decided by a store that holds write calls ({@link SteppedStore}, {@link TestStores.Gated})
 * or fails them on purpose, so that each assertion meets the engine in a known state.
 */
class WhenWrittenTest {

    private static final Item ITEM = new Item(1, "a", "first");
    private static final List<String> ITEM_KEYS = List.of("item:id:1", "item:uuid:a", "item:composite:1_a");

    private final List<SyncReport> reports = Engines.reports();
    private final KvStore memory = Engines.memoryStore();

    // ---- the store acknowledges every key ---------------------------------------------------------------

    @Test
    void runs_once_after_the_store_holds_every_key_of_a_put() throws InterruptedException {
        WhenWrittenProbe written = new WhenWrittenProbe(memory, ITEM_KEYS);
        try (KvSync kv = Engines.builder(memory, reports).workers(4).build()) {
            kv.enqueue(Change.put(ITEM).whenWritten(written.callback()));
            written.awaitRun();
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();

            assertThat(written.heldWhenRun()).as("keys in the store when the callback ran")
                    .containsExactlyInAnyOrderElementsOf(ITEM_KEYS);
            assertThat(written.runs()).isEqualTo(1);

            // A later write of the same keys is no second settlement of the first change.
            kv.enqueue(Change.put(new Item(1, "a", "again")));
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(written.runs()).isEqualTo(1);
        }
    }

    @Test
    void runs_once_after_the_store_has_deleted_every_key_of_a_delete() throws InterruptedException {
        WhenWrittenProbe written = new WhenWrittenProbe(memory, ITEM_KEYS);
        try (KvSync kv = Engines.builder(memory, reports).workers(4).build()) {
            kv.sync(ITEM);
            assertThat(memory.read(ITEM_KEYS)).hasSize(3);

            kv.enqueue(Change.delete(ITEM).whenWritten(written.callback()));
            written.awaitRun();
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();

            assertThat(written.heldWhenRun()).as("keys still in the store when the callback ran").isEmpty();
            assertThat(written.runs()).isEqualTo(1);
        }
    }

    @Test
    void runs_once_after_the_store_holds_the_new_keys_and_has_deleted_the_retired_previous_ones()
            throws InterruptedException {
        Item renamed = new Item(1, "b", "renamed");
        List<String> newKeys = List.of("item:id:1", "item:uuid:b", "item:composite:1_b");
        Set<String> everyKey = new HashSet<>(ITEM_KEYS);
        everyKey.addAll(newKeys);
        WhenWrittenProbe written = new WhenWrittenProbe(memory, everyKey);
        try (KvSync kv = Engines.builder(memory, reports).workers(4).build()) {
            kv.sync(ITEM);

            kv.enqueue(Change.put(renamed).previousKeys(ITEM.syncKeys()).whenWritten(written.callback()));
            written.awaitRun();
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();

            assertThat(written.heldWhenRun()).as("keys in the store when the callback ran: the new ones only")
                    .containsExactlyInAnyOrderElementsOf(newKeys);
            assertThat(written.runs()).isEqualTo(1);
        }
    }

    // ---- failing store ------------------------------------------------------------------------------------

    @Test
    void does_not_run_while_the_store_fails_and_runs_once_when_the_retried_write_succeeds()
            throws InterruptedException {
        int failures = 4;
        WhenWrittenProbe written = new WhenWrittenProbe(memory, ITEM_KEYS);
        List<Integer> runsSeenByEachAttempt = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        TestStores.Forwarding flaky = new TestStores.Forwarding(memory) {
            @Override
            public void write(List<KvWrite> writes) {
                // Each attempt comes after the engine has fully handled the one before (one worker).
                runsSeenByEachAttempt.add(written.runs());
                if (calls.incrementAndGet() <= failures) {
                    throw new KvStoreException("simulated outage");
                }
                super.write(writes);
            }
        };
        try (KvSync kv = Engines.builder(flaky, reports).workers(1).build()) {
            kv.enqueue(Change.put(ITEM).whenWritten(written.callback()));
            written.awaitRun();
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();

            assertThat(runsSeenByEachAttempt).as("callback runs seen by each attempt, %d failing then one that works",
                    failures).containsExactly(0, 0, 0, 0, 0);
            assertThat(reports).filteredOn(r -> !r.ok()).hasSize(failures * ITEM_KEYS.size());
            assertThat(written.heldWhenRun()).containsExactlyInAnyOrderElementsOf(ITEM_KEYS);
            assertThat(written.runs()).isEqualTo(1);
        }
    }

    @Test
    void does_not_run_while_one_key_keeps_failing_even_though_the_other_keys_are_written()
            throws InterruptedException {
        WhenWrittenProbe written = new WhenWrittenProbe();
        ThirdKeyFails store = new ThirdKeyFails(memory, written);
        // One write per store call: the keys are acknowledged one by one, the third one fails.
        try (KvSync kv = Engines.builder(store, reports).workers(1).batchSize(1).build()) {
            kv.enqueue(Change.put(ITEM).whenWritten(written.callback()));
            assertThat(store.failed.await(60, TimeUnit.SECONDS)).as("the third key failed").isTrue();
            String failing = store.failing;
            assertThat(failing).as("the third key failed").isNotNull();

            List<String> others = new ArrayList<>(ITEM_KEYS);
            others.remove(failing);
            assertThat(memory.read(ITEM_KEYS).keySet()).as("two keys written, the third failing")
                    .containsExactlyInAnyOrderElementsOf(others);
            assertThat(written.runs()).isZero();

            store.down = false;
            written.awaitRun();
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(store.runsSeenByEachCall).as("no call saw the callback run").containsOnly(0);
            assertThat(memory.read(ITEM_KEYS)).hasSize(3);
            assertThat(written.runs()).isEqualTo(1);
        }
    }

    /** Fails every call that carries the third distinct key it sees, while down. Called by one worker only. */
    private static final class ThirdKeyFails extends TestStores.Forwarding {
        final CountDownLatch failed = new CountDownLatch(1);
        final List<Integer> runsSeenByEachCall = new CopyOnWriteArrayList<>();
        private final Set<String> seen = new HashSet<>();
        private final WhenWrittenProbe written;
        volatile String failing;
        volatile boolean down = true;

        ThirdKeyFails(KvStore delegate, WhenWrittenProbe written) {
            super(delegate);
            this.written = written;
        }

        @Override
        public void write(List<KvWrite> writes) {
            runsSeenByEachCall.add(written.runs());
            for (KvWrite write : writes) {
                if (seen.add(write.key()) && seen.size() == 3) {
                    failing = write.key();
                }
            }
            if (down && writes.stream().anyMatch(w -> w.key().equals(failing))) {
                failed.countDown();
                throw new KvStoreException("simulated outage of " + failing);
            }
            super.write(writes);
        }
    }

    // ---- coalescing -----------------------------------------------------------------------------------------

    @Test
    void a_change_coalesced_into_a_newer_state_sent_while_its_own_was_at_the_store_runs_when_the_newer_is_written()
            throws InterruptedException {
        SteppedStore store = new SteppedStore(memory);
        WhenWrittenProbe firstWritten = new WhenWrittenProbe();
        WhenWrittenProbe secondWritten = new WhenWrittenProbe();
        try (KvSync kv = Engines.builder(store, reports).workers(1).build()) {
            kv.enqueue(Change.put(ITEM).identity(1L).version(1).whenWritten(firstWritten.callback()));
            assertThat(store.awaitCall()).as("the first state's batch, held at the store").hasSize(3);

            Item second = new Item(1, "a", "second");
            kv.enqueue(Change.put(second).identity(1L).version(2).whenWritten(secondWritten.callback()));
            store.release(); // the first state lands
            assertThat(store.awaitCall()).as("the second state's batch, sent once the first was handled")
                    .hasSize(3).allSatisfy(write -> assertThat(write.version()).isEqualTo(2));

            assertThat(kv.fetchByKey(Item.class, "item:id:1")).as("the store holds the first state").contains(ITEM);
            assertThat(firstWritten.runs()).as("first change, superseded by a pending state").isZero();
            assertThat(secondWritten.runs()).isZero();

            store.release();
            firstWritten.awaitRun();
            secondWritten.awaitRun();
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(kv.fetchByKey(Item.class, "item:id:1")).contains(second);
            assertThat(firstWritten.runs()).isEqualTo(1);
            assertThat(secondWritten.runs()).isEqualTo(1);
        }
    }

    @Test
    void a_change_coalesced_while_pending_into_a_newer_state_runs_when_the_newer_is_written()
            throws InterruptedException {
        SteppedStore store = new SteppedStore(memory);
        WhenWrittenProbe firstWritten = new WhenWrittenProbe();
        WhenWrittenProbe secondWritten = new WhenWrittenProbe();
        try (KvSync kv = Engines.builder(store, reports).workers(1).build()) {
            holdTheWorker(kv, store);
            kv.enqueue(Change.put(ITEM).identity(1L).version(1).whenWritten(firstWritten.callback()));
            Item second = new Item(1, "a", "second");
            kv.enqueue(Change.put(second).identity(1L).version(2).whenWritten(secondWritten.callback()));
            assertThat(kv.stats().coalesced()).isEqualTo(3);

            store.release(); // the holding write lands
            assertThat(store.awaitCall()).as("one batch: the second state only")
                    .hasSize(3).allSatisfy(write -> assertThat(write.version()).isEqualTo(2));
            assertThat(firstWritten.runs()).isZero();
            assertThat(secondWritten.runs()).isZero();

            store.release();
            firstWritten.awaitRun();
            secondWritten.awaitRun();
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(firstWritten.runs()).isEqualTo(1);
            assertThat(secondWritten.runs()).isEqualTo(1);
        }
    }

    @Test
    void a_late_older_state_that_loses_to_the_pending_newer_one_runs_when_the_newer_is_written()
            throws InterruptedException {
        SteppedStore store = new SteppedStore(memory);
        WhenWrittenProbe newerWritten = new WhenWrittenProbe();
        WhenWrittenProbe olderWritten = new WhenWrittenProbe();
        Item newer = new Item(1, "a", "newer");
        try (KvSync kv = Engines.builder(store, reports).workers(1).build()) {
            holdTheWorker(kv, store);
            kv.enqueue(Change.put(newer).identity(1L).version(2).whenWritten(newerWritten.callback()));
            kv.enqueue(Change.put(ITEM).identity(1L).version(1).whenWritten(olderWritten.callback()));

            store.release();
            assertThat(store.awaitCall()).as("one batch: the newer state only")
                    .hasSize(3).allSatisfy(write -> assertThat(write.version()).isEqualTo(2));
            assertThat(olderWritten.runs()).isZero();
            assertThat(newerWritten.runs()).isZero();

            store.release();
            olderWritten.awaitRun();
            newerWritten.awaitRun();
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(kv.fetchByKey(Item.class, "item:id:1")).contains(newer);
            assertThat(olderWritten.runs()).isEqualTo(1);
            assertThat(newerWritten.runs()).isEqualTo(1);
        }
    }

    @Test
    void a_claim_dropped_for_another_rows_later_claim_runs_when_that_claim_is_written() throws InterruptedException {
        SteppedStore store = new SteppedStore(memory);
        WhenWrittenProbe loserWritten = new WhenWrittenProbe();
        WhenWrittenProbe winnerWritten = new WhenWrittenProbe();
        Item loser = new Item(1, "shared", "one");
        Item winner = new Item(2, "shared", "two");
        long earlier = CommitClock.next();
        long later = CommitClock.next();
        try (KvSync kv = Engines.builder(store, reports).workers(1).build()) {
            holdTheWorker(kv, store);
            kv.enqueue(Change.put(loser).identity(1L).version(1).stamp(earlier).whenWritten(loserWritten.callback()));
            kv.enqueue(Change.put(winner).identity(2L).version(1).stamp(later).whenWritten(winnerWritten.callback()));
            assertThat(kv.stats().conflicts()).isEqualTo(1);

            store.release();
            assertThat(store.awaitCall()).as("one batch: both rows' other keys, and the winner's shared key")
                    .hasSize(5);
            assertThat(loserWritten.runs()).isZero();
            assertThat(winnerWritten.runs()).isZero();

            store.release();
            loserWritten.awaitRun();
            winnerWritten.awaitRun();
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(kv.fetchByKey(Item.class, "item:uuid:shared")).contains(winner);
            assertThat(reports).filteredOn(r -> !r.ok()).singleElement()
                    .satisfies(r -> assertThat(r.error()).isInstanceOf(KvSyncKeyConflictException.class));
            assertThat(loserWritten.runs()).isEqualTo(1);
            assertThat(winnerWritten.runs()).isEqualTo(1);
        }
    }

    /** Holds the only worker at the store with a write of another key: what is enqueued next stays pending. */
    private static void holdTheWorker(KvSync kv, SteppedStore store) throws InterruptedException {
        kv.enqueue(new CoalescingTest.Counter(99, 0));
        assertThat(store.awaitCall()).singleElement().satisfies(w -> assertThat(w.key()).isEqualTo("counter:99"));
    }

    // ---- close ----------------------------------------------------------------------------------------------

    @Test
    void does_not_run_for_writes_abandoned_at_close_while_the_store_fails() throws InterruptedException {
        TestStores.Switchable store = new TestStores.Switchable(memory);
        WhenWrittenProbe written = new WhenWrittenProbe();
        Set<Thread> othersWorkers = WorkerThreads.alive();
        KvSync kv = Engines.builder(store, reports).workers(1).shutdownTimeout(Duration.ofMillis(200)).build();
        Set<Thread> workers = WorkerThreads.alive();
        workers.removeAll(othersWorkers);
        store.down.set(true);
        kv.enqueue(Change.put(ITEM).whenWritten(written.callback()));
        store.awaitFailedWrite();

        kv.close();
        joinAll(workers);

        assertThat(reports).filteredOn(r -> !r.ok() && r.error().getMessage().contains("shutdown timeout"))
                .extracting(SyncReport::key).containsExactlyInAnyOrderElementsOf(ITEM_KEYS);
        assertThat(written.runs()).isZero();
    }

    @Test
    void does_not_run_for_a_batch_the_store_acknowledges_after_close_gave_it_up() throws Exception {
        // Left open by close(), so that the late write lands and can be read back.
        TestStores.Gated gated = new TestStores.Gated(new TestStores.Forwarding(memory) {
            @Override
            public void close() {
            }
        });
        WhenWrittenProbe written = new WhenWrittenProbe();
        CountDownLatch reportedUnwritten = new CountDownLatch(ITEM_KEYS.size());
        Set<Thread> othersWorkers = WorkerThreads.alive();
        KvSync kv = Engines.builder(gated, reports).workers(1).shutdownTimeout(Duration.ofMillis(200))
                .onReport(report -> {
                    reports.add(report);
                    if (!report.ok()) {
                        reportedUnwritten.countDown();
                    }
                })
                .build();
        Set<Thread> workers = WorkerThreads.alive();
        workers.removeAll(othersWorkers);
        kv.enqueue(Change.put(ITEM).whenWritten(written.callback()));
        gated.awaitBlockedWrite();
        // The store answers only once close() has given up on the batch and reported each of its keys.
        Thread opener = new Thread(() -> {
            try {
                if (reportedUnwritten.await(60, TimeUnit.SECONDS)) {
                    gated.open();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        opener.start();
        kv.close();
        opener.join();
        joinAll(workers); // then the worker has handled the store's late answer

        assertThat(memory.read(ITEM_KEYS)).as("the late write reached the store").hasSize(3);
        assertThat(reports).as("each key reported once, as not written").hasSize(3).noneMatch(SyncReport::ok);
        assertThat(written.runs()).isZero();
    }

    @Test
    void runs_for_writes_that_close_drains() {
        TestStores.Gated gated = new TestStores.Gated(memory);
        WhenWrittenProbe written = new WhenWrittenProbe();
        KvSync kv = Engines.builder(gated, reports).workers(2).build();
        kv.enqueue(Change.put(ITEM).whenWritten(written.callback()));
        gated.open();

        kv.close(); // drains before it returns

        assertThat(written.runs()).isEqualTo(1);
    }

    private static void joinAll(Collection<Thread> workers) throws InterruptedException {
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(workers).as("this engine's workers").isNotEmpty().noneMatch(Thread::isAlive);
    }

    // ---- Change.retireKeys ----------------------------------------------------------------------------------

    @Test
    void retiring_keys_deletes_exactly_those_keys_and_runs_when_written() throws InterruptedException {
        Item other = new Item(2, "b", "other");
        WhenWrittenProbe written = new WhenWrittenProbe();
        try (KvSync kv = Engines.builder(memory, reports).build()) {
            kv.sync(Change.put(ITEM).identity(1L).version(5));
            kv.sync(Change.put(other).identity(2L).version(5));

            kv.enqueue(Change.retireKeys(Item.class, Map.of("id", "item:id:1", "uuid", "item:uuid:a"))
                    .identity(1L).version(5).stamp(CommitClock.next(), CommitClock.origin())
                    .whenWritten(written.callback()));
            written.awaitRun();
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();

            assertThat(memory.read(ITEM_KEYS).keySet()).containsExactly("item:composite:1_a");
            assertThat(kv.fetchAll(Item.class, List.of("item:id:2", "item:uuid:b", "item:composite:2_b")))
                    .hasSize(3).containsValue(other);
            assertThat(reports).allMatch(SyncReport::ok);
            assertThat(written.runs()).isEqualTo(1);
        }
    }

    @Test
    void a_retirement_of_a_lower_version_than_the_stored_entry_of_its_row_is_refused_by_the_store()
            throws InterruptedException {
        try (KvSync kv = Engines.builder(memory, reports).build()) {
            kv.sync(Change.put(ITEM).identity(1L).version(5));

            WhenWrittenProbe staleWritten = new WhenWrittenProbe();
            kv.enqueue(Change.retireKeys(Item.class, ITEM.syncKeys())
                    .identity(1L).version(4).stamp(CommitClock.next(), CommitClock.origin())
                    .whenWritten(staleWritten.callback()));
            staleWritten.awaitRun(); // settled: the store holds a newer state of the row
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(kv.fetchAll(Item.class, ITEM_KEYS)).as("the entries survive the stale retirement")
                    .hasSize(3).allSatisfy((key, item) -> assertThat(item).isEqualTo(ITEM));

            kv.sync(Change.retireKeys(Item.class, ITEM.syncKeys())
                    .identity(1L).version(5).stamp(CommitClock.next(), CommitClock.origin()));
            assertThat(memory.read(ITEM_KEYS)).as("a retirement of the stored version removes it").isEmpty();
            assertThat(staleWritten.runs()).isEqualTo(1);
        }
    }

    @Test
    void a_retirement_without_a_version_is_unfenced() {
        try (KvSync kv = Engines.builder(memory, reports).build()) {
            kv.sync(Change.put(ITEM).identity(1L).version(5));

            kv.sync(Change.retireKeys(Item.class, Map.of("uuid", "item:uuid:a")));

            assertThat(memory.read(ITEM_KEYS).keySet()).containsExactlyInAnyOrder("item:id:1", "item:composite:1_a");
        }
    }

    @Test
    void a_synced_retirement_whose_write_fails_throws_a_store_exception_naming_the_type_and_is_retried()
            throws InterruptedException {
        memory.write(List.of(KvWrite.Put.of("item:id:1", new byte[] {1}), KvWrite.Put.of("item:uuid:a", new byte[] {2})));
        TestStores.Flaky flaky = new TestStores.Flaky(memory, 1); // fails the retirement's first attempt only
        try (KvSync kv = Engines.builder(flaky, reports).workers(1).build()) {
            // A retirement carries no entity: the failure must still name the type (it once threw NPE here).
            assertThatThrownBy(() -> kv.sync(Change.retireKeys(Item.class, Map.of("id", "item:id:1"))))
                    .isInstanceOf(KvStoreException.class)
                    .hasMessageContaining(Item.class.getName())
                    .hasRootCauseMessage("simulated outage");

            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).as("the failed retirement stays pending and is retried")
                    .isTrue();
            assertThat(memory.read(List.of("item:id:1", "item:uuid:a")).keySet()).containsExactly("item:uuid:a");
            assertThat(flaky.writeCalls).hasValue(2);
            assertThat(reports).extracting(SyncReport::key, SyncReport::ok)
                    .containsExactly(tuple("item:id:1", false), tuple("item:id:1", true));
        }
    }

    @Test
    void retiring_a_blank_or_null_key_or_key_name_is_a_usage_error() {
        Map<String, String> nullKey = new HashMap<>();
        nullKey.put("id", null);
        Map<String, String> nullName = new HashMap<>();
        nullName.put(null, "item:id:1");
        for (Map<String, String> keys : List.of(Map.of("id", " "), Map.of("id", ""), Map.of(" ", "item:id:1"),
                nullKey, nullName)) {
            assertThatThrownBy(() -> Change.retireKeys(Item.class, keys)).as("retiring %s", keys)
                    .isInstanceOf(KvSyncUsageException.class)
                    .hasMessageContaining(Item.class.getName());
        }
    }
}
