package io.kvsync.hibernate;

import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.store.memory.MemoryKvStore;
import io.kvsync.tck.services.TestServices;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The key hand-over model on PostgreSQL and the memory store; both "instances" share one memory store. */
class PostgresKeyHandoverModelTest extends KeyHandoverModelContract {

    private final MemoryKvStore shared = MemoryKvStore.builder().tombstoneTtl(Duration.ofMinutes(30)).build();

    @Override
    protected String jdbcUrl() {
        return TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
    }

    @Override
    protected KvStore newStore() {
        return new KvStore() {
            @Override
            public void write(List<KvWrite> writes) {
                shared.write(writes);
            }

            @Override
            public Map<String, byte[]> read(Collection<String> keys) {
                return shared.read(keys);
            }

            @Override
            public void scanKeys(String prefix, int batchSize, Consumer<List<String>> batches) {
                shared.scanKeys(prefix, batchSize, batches);
            }

            @Override
            public void close() {
                // The other instance's client may still be open; the shared store is left to the collector.
            }
        };
    }
}
