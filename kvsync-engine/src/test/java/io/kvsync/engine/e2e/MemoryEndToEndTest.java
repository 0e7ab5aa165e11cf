package io.kvsync.engine.e2e;

import io.kvsync.spi.KvStore;
import io.kvsync.store.memory.MemoryKvStore;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The end-to-end suite on the in-memory store. */
class MemoryEndToEndTest extends EndToEndContract {

    @Override
    protected KvStore createStore() {
        return MemoryKvStore.builder().build();
    }

    /** The memory store has no other door than its own: a read of the key exactly as given. */
    @Override
    protected boolean holds(KvStore store, String storedKey) {
        return store.read(List.of(storedKey)).containsKey(storedKey);
    }

    @Override
    protected Optional<Duration> remainingTtl(KvStore store, String storedKey) {
        return ((MemoryKvStore) store).timeToLive(storedKey);
    }
}
