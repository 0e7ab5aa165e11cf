package io.kvsync.hibernate;

import io.kvsync.spi.KvStore;
import io.kvsync.store.memory.MemoryKvStore;

import java.time.Duration;

/** The key hand-over model on PostgreSQL and the memory store; both "instances" share one memory store. */
class PostgresKeyHandoverModelTest extends KeyHandoverModelContract {

    private final KvStore shared = MemoryKvStore.builder().tombstoneTtl(Duration.ofMinutes(30)).build();

    @Override
    protected KvStore newStore() {
        // Not closed with either instance: the other may still use it; the collector takes it after the test.
        return new SharedMemoryStoreProvider.Unclosed(shared);
    }
}
