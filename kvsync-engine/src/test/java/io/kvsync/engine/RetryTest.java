package io.kvsync.engine;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.SyncReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetryTest {

    @Test
    void a_store_that_fails_n_times_then_recovers_ends_with_every_key_written_and_n_failure_reports() {
        int failures = 5;
        List<SyncReport> reports = Engines.reports();
        TestStores.Flaky flaky = new TestStores.Flaky(Engines.memoryStore(), failures);
        try (KvSync kv = Engines.builder(flaky, reports).workers(1).build()) {
            kv.enqueue(new CoalescingTest.Counter(1, 10));
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(kv.fetchByKey(CoalescingTest.Counter.class, "counter:1")).map(c -> c.value).contains(10);
            assertThat(reports).filteredOn(r -> !r.ok()).hasSize(failures)
                    .allSatisfy(r -> assertThat(r.error()).isInstanceOf(KvStoreException.class).hasMessage("simulated outage"))
                    .extracting(SyncReport::attempt).containsExactly(1, 2, 3, 4, 5);
            assertThat(reports).filteredOn(SyncReport::ok).singleElement()
                    .satisfies(r -> assertThat(r.attempt()).isEqualTo(failures + 1));
            assertThat(kv.stats().failed()).isEqualTo(failures);
            assertThat(kv.stats().retried()).isEqualTo(failures);
        }
    }

    @Test
    void a_retry_carries_the_newest_state_enqueued_during_the_outage() throws InterruptedException {
        List<SyncReport> reports = Engines.reports();
        TestStores.Switchable store = new TestStores.Switchable(Engines.memoryStore());
        try (KvSync kv = Engines.builder(store, reports).workers(1).build()) {
            store.down.set(true);
            kv.enqueue(new CoalescingTest.Counter(1, 0));
            // The store stays down until an attempt has failed, so the newer states below meet a failed write.
            store.awaitFailedWrite();
            for (int value = 1; value < 100; value++) {
                kv.enqueue(new CoalescingTest.Counter(1, value));
            }
            store.down.set(false);
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(kv.fetchByKey(CoalescingTest.Counter.class, "counter:1")).map(c -> c.value).contains(99);
            assertThat(kv.stats().failed()).as("attempts failed by the outage").isPositive();
            assertThat(reports).filteredOn(r -> !r.ok()).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.error()).isInstanceOf(KvStoreException.class).hasMessage("simulated outage"));
        }
    }

    @Test
    void a_report_callback_that_throws_does_not_stop_replication() {
        try (KvSync kv = KvSync.builder().store(Engines.memoryStore())
                .marshaler(io.kvsync.marshal.json.JsonMarshaler.create())
                .onReport(r -> {
                    throw new IllegalStateException("broken callback");
                }).build()) {
            kv.enqueue(new CoalescingTest.Counter(1, 1));
            kv.enqueue(new CoalescingTest.Counter(2, 2));
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(kv.fetchAll(CoalescingTest.Counter.class, List.of("counter:1", "counter:2"))).hasSize(2);
        }
    }

    @Test
    void backoff_settings_must_make_sense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KvSync.builder().store(Engines.memoryStore())
                        .marshaler(io.kvsync.marshal.json.JsonMarshaler.create())
                        .retryBackoff(Duration.ofSeconds(5), Duration.ofSeconds(1)).build())
                .isInstanceOf(io.kvsync.api.KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync.retry.max-backoff");
    }
}
