package io.kvsync.hibernate;

import io.kvsync.spi.KvStore;
import io.kvsync.store.memory.MemoryKvStore;

import java.time.Duration;
import java.util.Map;

/** The key hand-over model on PostgreSQL with memory delivery and a queue so small that most changes are refused and read again from the database. */
class PostgresOverflowKeyHandoverModelTest extends KeyHandoverModelContract {

    private final KvStore shared = MemoryKvStore.builder().tombstoneTtl(Duration.ofMinutes(30)).build();

    @Override
    protected KvStore newStore() {
        return new SharedMemoryStoreProvider.Unclosed(shared);
    }

    @Override
    protected KvStore primary(KvStore store) {
        return new SlowStore(store, 2, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("kvsync.queue.capacity", "2", "kvsync.batch.size", "4", "kvsync.outbox.poll-interval", "50ms");
    }
}
