package io.kvsync.micrometer;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.KvSyncKeyConflictException;
import io.kvsync.api.SyncOperation;
import io.kvsync.api.SyncReport;
import io.kvsync.api.Syncable;
import io.kvsync.engine.KvSync;
import io.kvsync.marshal.json.JsonMarshaler;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.store.memory.MemoryKvStore;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class KvSyncMetricsTest {

    /** An entity with two keys. */
    public static class Parcel implements Syncable {
        public int id;
        public String code;

        public Parcel() {
        }

        Parcel(int id, String code) {
            this.id = id;
            this.code = code;
        }

        @Override
        public Map<String, String> syncKeys() {
            return Map.of("id", "parcel:" + id, "code", "parcel-code:" + code);
        }
    }

    /** Fails its first {@code failures} write calls. */
    static final class FlakyStore implements KvStore {
        private final KvStore delegate = MemoryKvStore.builder().build();
        private final AtomicInteger failuresLeft;

        FlakyStore(int failures) {
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public void write(List<KvWrite> writes) {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new KvStoreException("simulated outage");
            }
            delegate.write(writes);
        }

        @Override
        public Map<String, byte[]> read(Collection<String> keys) {
            return delegate.read(keys);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private static KvSync engine(KvStore store) {
        return KvSync.builder().store(store).marshaler(JsonMarshaler.create()).workers(1)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5)).build();
    }

    @Test
    void written_failed_and_retried_writes_are_counted_per_entity_type_and_store_calls_are_timed_by_result() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KvSync kv = engine(new FlakyStore(1))) {
            KvSyncMetrics.bindTo(kv, registry);
            kv.enqueue(new Parcel(1, "a"));
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();

            Tags parcel = Tags.of("store", "flakystore", "entity", "Parcel");
            assertThat(registry.get("kvsync.writes.written").tags(parcel).counter().count()).isEqualTo(2);
            assertThat(registry.get("kvsync.writes.failed").tags(parcel).counter().count()).isEqualTo(2);
            assertThat(registry.get("kvsync.writes.retried").tags(parcel).counter().count()).isEqualTo(2);
            assertThat(registry.get("kvsync.lag").tags(parcel).timer().count()).isEqualTo(2);
            assertThat(registry.get("kvsync.store.write").tag("result", "failed").timer().count()).isEqualTo(1);
            assertThat(registry.get("kvsync.store.write").tag("result", "ok").timer().count()).isEqualTo(1);
            assertThat(registry.get("kvsync.pending").gauge().value()).isZero();
            assertThat(registry.get("kvsync.store.failing").timeGauge().value()).isZero();
        }
    }

    @Test
    void a_conflict_is_counted_as_a_conflict_not_as_a_failure() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KvSync kv = engine(MemoryKvStore.builder().build())) {
            KvSyncMetrics.bindTo(kv, registry);
            kv.report(new SyncReport(SyncOperation.PUT, Parcel.class, "code", "parcel-code:a",
                    new KvSyncKeyConflictException("taken by parcel 2"), Duration.ofMillis(1), 1));

            Tags parcel = Tags.of("store", "memory", "entity", "Parcel");
            assertThat(registry.get("kvsync.writes.conflicts").tags(parcel).counter().count()).isEqualTo(1);
            assertThat(registry.get("kvsync.writes.failed").tags(parcel).counter().count()).isZero();
        }
    }

    @Test
    void the_backlog_gauges_show_what_waits_while_the_store_is_down() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KvSync kv = KvSync.builder().store(new FlakyStore(Integer.MAX_VALUE)).marshaler(JsonMarshaler.create())
                .workers(1).shutdownTimeout(Duration.ofMillis(100)).build()) {
            KvSyncMetrics.bindTo(kv, registry);
            kv.enqueue(new Parcel(1, "a"));
            // The first failed attempt is counted before the write waits for its retry.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (registry.get("kvsync.store.write").tag("result", "failed").timer().count() == 0
                    && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }

            assertThat(registry.get("kvsync.pending").gauge().value()).isEqualTo(2);
            assertThat(registry.get("kvsync.pending.oldest").timeGauge().value()).isPositive();
            assertThat(registry.get("kvsync.store.failing").timeGauge().value()).isPositive();
        }
    }

    @Test
    void without_an_outbox_its_gauges_read_nan_and_without_a_near_cache_there_are_no_near_cache_meters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KvSync kv = engine(MemoryKvStore.builder().build())) {
            KvSyncMetrics.bindTo(kv, registry);
            assertThat(registry.get("kvsync.outbox.depth").gauge().value()).isNaN();
            assertThat(registry.find("kvsync.nearcache.hits").functionCounter()).isNull();
        }
    }

    @Test
    void a_closed_binder_stops_counting() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KvSync kv = engine(MemoryKvStore.builder().build())) {
            KvSyncMetrics metrics = KvSyncMetrics.bindTo(kv, registry);
            kv.enqueue(new Parcel(1, "a"));
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();
            metrics.close();
            kv.enqueue(new Parcel(2, "b"));
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(registry.get("kvsync.writes.written").counter().count()).as(registry.getMetersAsString()).isEqualTo(2);
        }
    }
}
