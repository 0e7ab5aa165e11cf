package io.kvsync.engine;

import io.kvsync.api.SyncReport;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
    private final BatchSizes store = new BatchSizes(gated);

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
        Set<Thread> earlier = workerThreads();
        try (KvSync kv = Engines.builder(store, Engines.reports()).workers(2).batchLinger(LONG_LINGER).build()) {
            awaitIdleWorkers(earlier, 2);
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
        Set<Thread> earlier = workerThreads();
        try (KvSync kv = Engines.builder(store, Engines.reports()).workers(2).batchLinger(linger).build()) {
            awaitIdleWorkers(earlier, 2);
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
        BatchSizes failing = new BatchSizes(failingGate);
        Duration longBackoff = Duration.ofMinutes(10);
        Set<Thread> earlier = workerThreads();
        try (KvSync kv = Engines.builder(failing, Engines.reports()).workers(2).batchLinger(LONG_LINGER)
                .retryBackoff(longBackoff, longBackoff)
                // The failed batch backs off past the test's end; closing then need not wait for it.
                .property("kvsync.shutdown.timeout", "0s").build()) {
            awaitIdleWorkers(earlier, 2);
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

    /** The engine worker threads alive now. */
    private static Set<Thread> workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().startsWith("kvsync-worker-"))
                .collect(Collectors.toSet());
    }

    /**
     * Waits until {@code count} worker threads that were not alive {@code earlier} wait for work, so that no
     * write below is taken by a worker that is only starting, which would take it without being woken.
     */
    private static void awaitIdleWorkers(Set<Thread> earlier, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GATE_SECONDS);
        while (Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> entry.getKey().getName().startsWith("kvsync-worker-") && !earlier.contains(entry.getKey()))
                .filter(entry -> Arrays.stream(entry.getValue())
                        .anyMatch(frame -> frame.getMethodName().equals("awaitUninterruptibly")))
                .count() < count) {
            assertThat(System.nanoTime()).as("%d workers waiting for work within %d s", count, GATE_SECONDS)
                    .isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    /** Records the size of every batch the engine hands over, as it arrives (before any gate behind it). */
    private static final class BatchSizes extends TestStores.Forwarding {
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        /** Counted when a second batch arrives, before anything behind this store holds it. */
        final CountDownLatch secondBatch = new CountDownLatch(1);
        /** Counted once a second batch is written. */
        final CountDownLatch secondBatchWritten = new CountDownLatch(1);

        BatchSizes(KvStore delegate) {
            super(delegate);
        }

        @Override
        public void write(List<KvWrite> batch) {
            batchSizes.add(batch.size());
            boolean second = batchSizes.size() > 1;
            if (second) {
                secondBatch.countDown();
            }
            super.write(batch);
            if (second) {
                secondBatchWritten.countDown();
            }
        }
    }
}
