package io.kvsync.engine;

import io.kvsync.api.SyncReport;
import io.kvsync.marshal.json.JsonMarshaler;
import io.kvsync.store.memory.MemoryKvStore;
import io.kvsync.spi.KvStore;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builders for engines under test: the in-memory store, the JSON marshaler, fast retries. */
final class Engines {

    private Engines() {
    }

    static KvStore memoryStore() {
        return MemoryKvStore.builder().build();
    }

    static KvSyncBuilder builder(KvStore store, List<SyncReport> reports) {
        return KvSync.builder()
                .store(store)
                .marshaler(JsonMarshaler.create())
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(20))
                .onReport(reports::add);
    }

    static List<SyncReport> reports() {
        return new CopyOnWriteArrayList<>();
    }
}
