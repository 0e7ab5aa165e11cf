package io.kvsync.engine;

import io.kvsync.api.SyncReport;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kvsync.batch.linger}: a worker waits for a fuller batch, but never past a full batch, a
 * {@code sync()} or {@code close()}. The linger here is far longer than any test may take, so each test
 * shows that something other than the linger's end made the worker write.
 */
class BatchLingerTest {

    private static final Duration LONG_LINGER = Duration.ofMinutes(10);

    @Test
    void writes_enqueued_while_the_worker_lingers_share_one_store_call_which_a_sync_starts() {
        CountingStore store = new CountingStore(Engines.memoryStore());
        List<SyncReport> reports = Engines.reports();
        try (KvSync kv = Engines.builder(store, reports).workers(1).batchLinger(LONG_LINGER).build()) {
            for (int id = 0; id < 10; id++) {
                kv.enqueue(new CoalescingTest.Counter(id, id));
            }
            kv.sync(new CoalescingTest.Counter(10, 10));

            assertThat(store.batchSizes).containsExactly(11);
            assertThat(kv.fetchByKey(CoalescingTest.Counter.class, "counter:3")).map(c -> c.value).contains(3);
        }
    }

    @Test
    void a_full_batch_is_written_without_waiting_out_the_linger() {
        CountingStore store = new CountingStore(Engines.memoryStore());
        try (KvSync kv = Engines.builder(store, Engines.reports()).workers(1).batchSize(4).batchLinger(LONG_LINGER)
                .build()) {
            for (int id = 0; id < 4; id++) {
                kv.enqueue(new CoalescingTest.Counter(id, id));
            }
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).as("idle long before the linger ends").isTrue();
            assertThat(store.batchSizes).containsExactly(4);
        }
    }

    @Test
    void close_writes_what_a_lingering_worker_holds_instead_of_abandoning_it() {
        CountingStore store = new CountingStore(Engines.memoryStore());
        List<SyncReport> reports = Engines.reports();
        KvSync kv = Engines.builder(store, reports).workers(1).batchLinger(LONG_LINGER)
                .property("kvsync.shutdown.timeout", "30s").build();
        kv.enqueue(new CoalescingTest.Counter(1, 41));
        kv.close();

        assertThat(reports).as("reports").allMatch(SyncReport::ok).hasSize(1);
        assertThat(store.batchSizes).containsExactly(1);
    }

    /** Records the size of every batch the engine hands over. */
    private static final class CountingStore extends TestStores.Forwarding {
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

        CountingStore(KvStore delegate) {
            super(delegate);
        }

        @Override
        public void write(List<KvWrite> batch) {
            batchSizes.add(batch.size());
            super.write(batch);
        }
    }
}
