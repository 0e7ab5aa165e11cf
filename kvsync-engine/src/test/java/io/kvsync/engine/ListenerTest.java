package io.kvsync.engine;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.SyncReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerTest {

    /** Records what a listener is told. */
    static final class Recording implements KvSyncListener {
        final List<SyncReport> reports = new CopyOnWriteArrayList<>();
        final List<String> storeWrites = new CopyOnWriteArrayList<>();

        @Override
        public void onReport(SyncReport report) {
            reports.add(report);
        }

        @Override
        public void onStoreWrite(int writes, long elapsedNanos, Throwable error) {
            storeWrites.add(writes + (error == null ? " ok" : " failed: " + error.getMessage()));
            assertThat(elapsedNanos).isNotNegative();
        }
    }

    @Test
    void a_listener_added_after_build_sees_every_report_and_every_store_call() {
        Recording listener = new Recording();
        try (KvSync kv = KvSync.builder().store(new TestStores.Flaky(Engines.memoryStore(), 2))
                .marshaler(io.kvsync.marshal.json.JsonMarshaler.create())
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).workers(1).build()) {
            kv.addListener(listener);
            kv.enqueue(new CoalescingTest.Counter(1, 10));
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(listener.storeWrites).containsExactly("1 failed: simulated outage", "1 failed: simulated outage", "1 ok");
            assertThat(listener.reports).extracting(SyncReport::ok).containsExactly(false, false, true);
            assertThat(listener.reports).extracting(SyncReport::attempt).containsExactly(1, 2, 3);
        }
    }

    @Test
    void a_removed_listener_hears_nothing_more() {
        Recording listener = new Recording();
        try (KvSync kv = Engines.builder(Engines.memoryStore(), Engines.reports()).workers(1).build()) {
            kv.addListener(listener);
            kv.enqueue(new CoalescingTest.Counter(1, 1));
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();
            kv.removeListener(listener);
            kv.enqueue(new CoalescingTest.Counter(2, 1));
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(listener.reports).extracting(SyncReport::key).containsExactly("counter:1");
            assertThat(listener.storeWrites).containsExactly("1 ok");
        }
    }

    @Test
    void a_listener_that_throws_does_not_stop_replication_or_the_report_callback() {
        List<SyncReport> reports = Engines.reports();
        try (KvSync kv = Engines.builder(Engines.memoryStore(), reports).workers(1).build()) {
            kv.addListener(new KvSyncListener() {
                @Override
                public void onReport(SyncReport report) {
                    throw new IllegalStateException("listener bug");
                }

                @Override
                public void onStoreWrite(int writes, long elapsedNanos, Throwable error) {
                    throw new IllegalStateException("listener bug");
                }
            });
            kv.enqueue(new CoalescingTest.Counter(1, 1));
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(kv.fetchByKey(CoalescingTest.Counter.class, "counter:1")).isPresent();
            assertThat(reports).singleElement().satisfies(r -> assertThat(r.ok()).isTrue());
        }
    }

    @Test
    void stats_show_how_long_the_store_has_failed_and_how_long_the_first_write_in_line_has_waited()
            throws InterruptedException {
        TestStores.Switchable store = new TestStores.Switchable(Engines.memoryStore());
        try (KvSync kv = Engines.builder(store, Engines.reports()).workers(1).build()) {
            assertThat(kv.stats().storeFailingFor()).isZero();
            assertThat(kv.stats().oldestPending()).isZero();

            store.down.set(true);
            kv.enqueue(new CoalescingTest.Counter(1, 1));
            store.awaitFailedWrite();
            Thread.sleep(20); // the figures are ages: let some time pass to see them grow
            KvSyncStats down = kv.stats();
            assertThat(down.storeFailingFor()).isGreaterThanOrEqualTo(Duration.ofMillis(20));
            assertThat(down.oldestPending()).isGreaterThanOrEqualTo(down.storeFailingFor());

            store.down.set(false);
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();
            KvSyncStats up = kv.stats();
            assertThat(up.storeFailingFor()).isZero();
            assertThat(up.oldestPending()).isZero();
        }
    }
}
