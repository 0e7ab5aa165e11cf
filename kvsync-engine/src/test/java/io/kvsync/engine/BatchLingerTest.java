package io.kvsync.engine;

import io.kvsync.api.SyncReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kvsync.batch.linger}: a worker that has just written a batch waits up to the linger for a fuller
 * one, and no write wakes another worker meanwhile; a write that finds every worker idle goes at once. The
 * store's gate ({@link TestStores.Gated}) holds the first batch in flight until the test opens it, so that
 * each write below arrives while a batch is in flight or while its worker lingers, for certain. Most lingers here are far longer than any test
 * may take, so each test shows that something other than the linger's end made the worker write.
 */
class BatchLingerTest {

    private static final Duration LONG_LINGER = Duration.ofMinutes(10);
    private static final long GATE_SECONDS = 30;

    private final TestStores.Gated gated = new TestStores.Gated(Engines.memoryStore());
    private final TestStores.BatchSizes store = new TestStores.BatchSizes(gated);

    @AfterEach
    void openTheGate() {
        gated.open();
    }

    @Test
    void a_write_that_finds_the_workers_idle_goes_at_once_without_waiting_out_the_linger() {
        gated.open();
        try (KvSync kv = Engines.builder(store, Engines.reports()).workers(2).batchLinger(LONG_LINGER).build()) {
            kv.enqueue(new CoalescingTest.Counter(1, 41));

            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).as("idle long before the linger ends").isTrue();
            assertThat(store.batchSizes).containsExactly(1);
        }
    }

    @Test
    void writes_made_while_a_batch_is_in_flight_wake_no_idle_worker_and_share_the_next_store_call()
            throws InterruptedException {
        Set<Thread> earlier = WorkerThreads.alive();
        try (KvSync kv = Engines.builder(store, Engines.reports()).workers(2).batchLinger(LONG_LINGER).build()) {
            WorkerThreads.awaitIdle(earlier, 2);
            kv.enqueue(new CoalescingTest.Counter(0, 0));
            gated.awaitBlockedWrite();
            for (int id = 1; id < 10; id++) {
                kv.enqueue(new CoalescingTest.Counter(id, id));
            }
            gated.open();
            kv.sync(new CoalescingTest.Counter(10, 10));

            assertThat(store.batchSizes).as("the held batch, then everything written meanwhile, once")
                    .containsExactly(1, 10);
            assertThat(kv.fetchByKey(CoalescingTest.Counter.class, "counter:3")).map(c -> c.value).contains(3);
        }
    }

    @Test
    void a_full_batch_is_written_without_waiting_out_the_linger() throws InterruptedException {
        try (KvSync kv = Engines.builder(store, Engines.reports()).workers(1).batchSize(4).batchLinger(LONG_LINGER)
                .build()) {
            kv.enqueue(new CoalescingTest.Counter(0, 0));
            gated.awaitBlockedWrite();
            gated.open();
            for (int id = 1; id <= 4; id++) {
                kv.enqueue(new CoalescingTest.Counter(id, id));
            }

            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).as("idle long before the linger ends").isTrue();
            assertThat(store.batchSizes).containsExactly(1, 4);
        }
    }

    @Test
    void a_write_that_waited_longer_than_the_linger_wakes_an_idle_worker_while_a_batch_is_in_flight()
            throws InterruptedException {
        Duration linger = Duration.ofMillis(50);
        Set<Thread> earlier = WorkerThreads.alive();
        try (KvSync kv = Engines.builder(store, Engines.reports()).workers(2).batchLinger(linger).build()) {
            WorkerThreads.awaitIdle(earlier, 2);
            kv.enqueue(new CoalescingTest.Counter(0, 0));
            gated.awaitBlockedWrite();
            kv.enqueue(new CoalescingTest.Counter(1, 1));
            Thread.sleep(linger.toMillis() * 2); // counter:1 has now waited longer than the linger
            kv.enqueue(new CoalescingTest.Counter(2, 2));

            assertThat(store.secondBatch.await(GATE_SECONDS, TimeUnit.SECONDS))
                    .as("a second batch written while the first is still held").isTrue();
            assertThat(store.batchSizes).containsExactly(1, 2);
            gated.open();
        }
    }

    @Test
    void writes_made_while_a_batch_is_in_flight_go_with_another_worker_when_that_batch_fails()
            throws InterruptedException {
        TestStores.Gated failingGate = new TestStores.Gated(new TestStores.Flaky(Engines.memoryStore(), 1));
        TestStores.BatchSizes failing = new TestStores.BatchSizes(failingGate);
        Duration longBackoff = Duration.ofMinutes(10);
        Set<Thread> earlier = WorkerThreads.alive();
        try (KvSync kv = Engines.builder(failing, Engines.reports()).workers(2).batchLinger(LONG_LINGER)
                .retryBackoff(longBackoff, longBackoff)
                // The failed batch backs off past the test's end; closing then need not wait for it.
                .property("kvsync.shutdown.timeout", "0s").build()) {
            WorkerThreads.awaitIdle(earlier, 2);
            kv.enqueue(new CoalescingTest.Counter(0, 0));
            failingGate.awaitBlockedWrite();
            kv.enqueue(new CoalescingTest.Counter(1, 1));
            failingGate.open();

            assertThat(failing.secondBatchWritten.await(GATE_SECONDS, TimeUnit.SECONDS))
                    .as("counter:1 written while the failed batch's worker backs off").isTrue();
            assertThat(failing.batchSizes).containsExactly(1, 1);
            assertThat(kv.fetchByKey(CoalescingTest.Counter.class, "counter:1")).map(c -> c.value).contains(1);
        }
    }

    @Test
    void close_writes_what_a_lingering_worker_holds_instead_of_abandoning_it() throws InterruptedException {
        List<SyncReport> reports = Engines.reports();
        KvSync kv = Engines.builder(store, reports).workers(1).batchLinger(LONG_LINGER)
                .property("kvsync.shutdown.timeout", "30s").build();
        kv.enqueue(new CoalescingTest.Counter(1, 41));
        gated.awaitBlockedWrite();
        kv.enqueue(new CoalescingTest.Counter(2, 42));
        gated.open();
        kv.close();

        assertThat(reports).as("reports").allMatch(SyncReport::ok).hasSize(2);
        assertThat(store.batchSizes).containsExactly(1, 1);
    }
}
