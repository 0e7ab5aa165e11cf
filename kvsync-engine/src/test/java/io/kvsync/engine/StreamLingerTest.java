package io.kvsync.engine;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.api.SyncReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code kvsync.batch.stream-linger}: without a configured linger, a worker whose last wait for work ended
 * within the stream linger lingers that long after its next batch, instead of parking to be woken by the very
 * next write; after a longer wait it does not. The store's gate ({@link TestStores.Gated}) holds the first batch
 * until the test opens it, and the tests find the worker lingering (or parked) by its stack before they go on,
 * so each step happens in the order the test states, for certain. Stream lingers here are far longer than any
 * test may take, so that whatever ends one is something other than the time running out.
 */
class StreamLingerTest {

    private static final Duration LONG_STREAM_LINGER = Duration.ofMinutes(10);

    private final TestStores.Gated gated = new TestStores.Gated(Engines.memoryStore());
    private final TestStores.BatchSizes store = new TestStores.BatchSizes(gated);

    @AfterEach
    void openTheGate() {
        gated.open();
    }

    /**
     * A single worker, parked before the first write, so that the wait the first write ends is a short one (well
     * within the stream linger): the worker then streams. Its first batch is held at the gate while
     * {@code meanwhile} more writes are made, and the worker is found lingering over them once the gate opens.
     */
    private KvSync lingeringOver(int meanwhile, KvSyncBuilder builder) throws InterruptedException {
        Set<Thread> earlier = WorkerThreads.alive();
        KvSync kv = builder.build();
        WorkerThreads.awaitIdle(earlier, 1);
        kv.enqueue(new CoalescingTest.Counter(0, 0));
        gated.awaitBlockedWrite();
        for (int id = 1; id <= meanwhile; id++) {
            kv.enqueue(new CoalescingTest.Counter(id, id));
        }
        gated.open();
        WorkerThreads.awaitIn(earlier, 1, "linger");
        return kv;
    }

    private KvSyncBuilder oneWorker() {
        return Engines.builder(store, Engines.reports()).workers(1).batchSize(4).batchStreamLinger(LONG_STREAM_LINGER);
    }

    @Test
    void a_streaming_worker_lingers_after_its_batch_and_writes_what_came_meanwhile_in_one_store_call()
            throws InterruptedException {
        try (KvSync kv = lingeringOver(2, oneWorker())) {
            assertThat(store.batchSizes).as("nothing written while the worker lingers").containsExactly(1);

            kv.enqueue(new CoalescingTest.Counter(3, 3));
            kv.enqueue(new CoalescingTest.Counter(4, 4)); // a batch's worth: ends the linger

            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).as("idle long before the stream linger ends").isTrue();
            assertThat(store.batchSizes).containsExactly(1, 4);
            assertThat(kv.fetchByKey(CoalescingTest.Counter.class, "counter:4")).map(c -> c.value).contains(4);
        }
    }

    @Test
    void a_sync_ends_a_stream_linger() throws InterruptedException {
        try (KvSync kv = lingeringOver(2, oneWorker())) {
            kv.sync(new CoalescingTest.Counter(3, 3));

            assertThat(store.batchSizes).containsExactly(1, 3);
            assertThat(kv.fetchByKey(CoalescingTest.Counter.class, "counter:1")).map(c -> c.value).contains(1);
        }
    }

    @Test
    void close_writes_what_a_streaming_worker_lingers_over() throws InterruptedException {
        List<SyncReport> reports = Engines.reports();
        KvSync kv = lingeringOver(2, Engines.builder(store, reports).workers(1).batchSize(4)
                .batchStreamLinger(LONG_STREAM_LINGER).property("kvsync.shutdown.timeout", "30s"));
        kv.close();

        assertThat(reports).as("reports").hasSize(3).allMatch(SyncReport::ok);
        assertThat(store.batchSizes).containsExactly(1, 2);
    }

    @Test
    void after_a_wait_longer_than_the_stream_linger_the_worker_parks_rather_than_lingers()
            throws InterruptedException {
        Duration streamLinger = Duration.ofMillis(200);
        Set<Thread> earlier = WorkerThreads.alive();
        try (KvSync kv = Engines.builder(store, Engines.reports()).workers(1).batchStreamLinger(streamLinger).build()) {
            gated.open();
            WorkerThreads.awaitIdle(earlier, 1);
            Thread.sleep(streamLinger.toMillis() * 3); // the worker has now waited longer than the stream linger
            kv.enqueue(new CoalescingTest.Counter(0, 0));

            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(firstWaitAfterWriting(earlier)).isEqualTo("awaitUninterruptibly");
        }
    }

    @Test
    void a_stream_linger_of_zero_turns_it_off() throws InterruptedException {
        Set<Thread> earlier = WorkerThreads.alive();
        try (KvSync kv = Engines.builder(store, Engines.reports()).workers(1).batchStreamLinger(Duration.ZERO).build()) {
            gated.open();
            WorkerThreads.awaitIdle(earlier, 1);
            kv.enqueue(new CoalescingTest.Counter(0, 0)); // ends a short wait: would stream with a stream linger

            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
            assertThat(firstWaitAfterWriting(earlier)).isEqualTo("awaitUninterruptibly");
        }
    }

    @Test
    void a_negative_stream_linger_is_refused_by_name() {
        assertThatThrownBy(() -> Engines.builder(store, Engines.reports()).batchStreamLinger(Duration.ofMillis(-1)).build())
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.batch.stream-linger");
    }

    /**
     * Where the one new worker waits first after its batch was written: {@code linger} or
     * {@code awaitUninterruptibly} (parked until woken), found by looking at its stack every millisecond.
     */
    private static String firstWaitAfterWriting(Set<Thread> earlier) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (WorkerThreads.countIn(earlier, "linger") > 0) {
                return "linger";
            }
            if (WorkerThreads.countIn(earlier, "awaitUninterruptibly") > 0) {
                return "awaitUninterruptibly";
            }
            Thread.sleep(1);
        }
        return "neither within 30 s";
    }
}
