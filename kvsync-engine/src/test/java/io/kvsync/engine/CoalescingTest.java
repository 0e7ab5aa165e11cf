package io.kvsync.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class CoalescingTest {

    @Test
    void a_million_updates_to_a_thousand_keys_never_hold_more_than_a_thousand_pending_entries() {
        TestStores.Gated gated = new TestStores.Gated(Engines.memoryStore());
        // One key name per entity, so that distinct keys = distinct entities = 1,000.
        try (KvSync kv = Engines.builder(gated, Engines.reports()).workers(2).queueCapacity(1_000).build()) {
            for (int update = 0; update < 1_000_000; update++) {
                int id = update % 1_000;
                kv.enqueue(new Counter(id, update));
            }
            // The store has not written anything yet: all of it sits in the queue, coalesced.
            assertThat(kv.stats().pending()).isEqualTo(1_000);
            gated.open();
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();

            assertThat(kv.stats().pendingHighWater()).isLessThanOrEqualTo(1_000);
            assertThat(kv.stats().rejected()).isZero();
            assertThat(kv.stats().coalesced()).isGreaterThanOrEqualTo(1_000_000 - 1_000 - 2L * 512);
            for (int id = 0; id < 1_000; id++) {
                assertThat(kv.fetchByKey(Counter.class, "counter:" + id))
                        .as("counter %d", id)
                        .map(c -> c.value)
                        .contains(999_000 + id);
            }
        }
    }

    /** A single-key entity. */
    public static class Counter implements io.kvsync.api.Syncable {
        int id;
        int value;

        public Counter() {
        }

        Counter(int id, int value) {
            this.id = id;
            this.value = value;
        }

        @Override
        public java.util.Map<String, String> syncKeys() {
            return java.util.Map.of("id", "counter:" + id);
        }
    }
}
