package io.kvsync.engine.e2e;

import io.kvsync.spi.KvStore;
import io.kvsync.store.memory.MemoryKvStore;

/** The end-to-end suite on the in-memory store. */
class MemoryEndToEndTest extends EndToEndContract {

    @Override
    protected KvStore createStore() {
        return MemoryKvStore.builder().build();
    }
}
