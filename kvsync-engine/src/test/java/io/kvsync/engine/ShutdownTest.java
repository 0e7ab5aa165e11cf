package io.kvsync.engine;

import io.kvsync.api.KvSyncBackpressureException;
import io.kvsync.api.SyncReport;
import io.kvsync.spi.KvStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShutdownTest {

    @Test
    void close_drains_every_pending_write() {
        TestStores.Gated gated = new TestStores.Gated(Engines.memoryStore());
        KvSync kv = Engines.builder(gated, Engines.reports()).build();
        for (int i = 0; i < 10_000; i++) {
            kv.enqueue(new CoalescingTest.Counter(i, i));
        }
        assertThat(kv.stats().pending()).isEqualTo(10_000);
        gated.open();
        kv.close();

        assertThat(kv.stats().written()).isEqualTo(10_000);
        assertThat(kv.stats().pending()).isZero();
    }

    @Test
    void close_with_the_store_down_gives_up_at_the_timeout_and_reports_exactly_the_unwritten_keys() {
        TestStores.Switchable store = new TestStores.Switchable(Engines.memoryStore());
        List<SyncReport> reports = Engines.reports();
        KvSync kv = Engines.builder(store, reports).shutdownTimeout(Duration.ofMillis(300)).build();
        kv.sync(new CoalescingTest.Counter(0, 0));
        store.down.set(true);
        Set<String> expected = new HashSet<>();
        for (int i = 1; i <= 50; i++) {
            kv.enqueue(new CoalescingTest.Counter(i, i));
            expected.add("counter:" + i);
        }
        kv.close();

        Set<String> unwritten = new HashSet<>();
        reports.stream()
                .filter(r -> !r.ok() && r.error().getMessage().contains("shutdown timeout"))
                .forEach(r -> assertThat(unwritten.add(r.key())).as("reported once: %s", r.key()).isTrue());
        assertThat(unwritten).isEqualTo(expected);
        assertThat(kv.stats().pending()).isZero();
    }

    @Test
    void a_batch_acknowledged_after_the_shutdown_timeout_is_reported_once_as_not_written() throws Exception {
        KvStore memory = Engines.memoryStore();
        // Left open by close(), so that the late write lands and can be read back.
        TestStores.Gated gated = new TestStores.Gated(new TestStores.Forwarding(memory) {
            @Override
            public void close() {
            }
        });
        List<SyncReport> reports = Engines.reports();
        CountDownLatch reportedUnwritten = new CountDownLatch(1);
        Set<Thread> othersWorkers = WorkerThreads.alive();
        KvSync kv = Engines.builder(gated, reports).workers(1).shutdownTimeout(Duration.ofMillis(300))
                .onReport(report -> {
                    reports.add(report);
                    if (!report.ok()) {
                        reportedUnwritten.countDown();
                    }
                })
                .build();
        Set<Thread> workers = WorkerThreads.alive();
        workers.removeAll(othersWorkers);
        kv.enqueue(new CoalescingTest.Counter(1, 1));
        gated.awaitBlockedWrite();
        // The store answers only once close() has given up on the batch and reported it.
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
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(30)); // then every report it could make has been made
        }
        assertThat(workers).as("this engine's workers").isNotEmpty().noneMatch(Thread::isAlive);

        assertThat(memory.read(List.of("counter:1"))).as("the late write reached the store").isNotEmpty();
        memory.close();
        assertThat(reports).as("one report for the key, saying it was not written by the timeout").singleElement()
                .satisfies(report -> assertThat(report.ok()).isFalse());
    }

    @Test
    void a_full_queue_back_pressures_then_reports_and_throws() {
        TestStores.Gated gated = new TestStores.Gated(Engines.memoryStore());
        List<SyncReport> reports = Engines.reports();
        try (KvSync kv = Engines.builder(gated, reports).queueCapacity(2).offerTimeout(Duration.ofMillis(50)).build()) {
            kv.enqueue(new CoalescingTest.Counter(1, 1));
            kv.enqueue(new CoalescingTest.Counter(2, 2));
            kv.enqueue(new CoalescingTest.Counter(1, 3)); // same key: coalesced, needs no room

            assertThatThrownBy(() -> kv.enqueue(new CoalescingTest.Counter(3, 3)))
                    .isInstanceOf(KvSyncBackpressureException.class)
                    .hasMessageContaining("counter:3")
                    .hasMessageContaining("kvsync.queue.capacity");
            assertThat(reports).filteredOn(r -> !r.ok()).singleElement()
                    .satisfies(r -> assertThat(r.key()).isEqualTo("counter:3"));
            assertThat(kv.stats().rejected()).isEqualTo(1);

            gated.open();
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(kv.fetchByKey(CoalescingTest.Counter.class, "counter:1")).map(c -> c.value).contains(3);
        }
    }
}
