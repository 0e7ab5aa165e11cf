package io.kvsync.hibernate;

import io.kvsync.spi.KvStore;
import io.kvsync.store.memory.MemoryKvStore;

import java.time.Duration;
import java.util.Map;

/** The key hand-over model on PostgreSQL through the outbox, with a queue so small that most changes are refused and delivered by the relay. */
class PostgresOutboxKeyHandoverModelTest extends KeyHandoverModelContract {

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
        return Map.of("kvsync.delivery", "outbox", "kvsync.queue.capacity", "2", "kvsync.batch.size", "4", "kvsync.outbox.grace", "200ms", "kvsync.outbox.table", "kvsync_outbox_model_pg",
                "kvsync.outbox.poll-interval", "50ms");
    }
}
