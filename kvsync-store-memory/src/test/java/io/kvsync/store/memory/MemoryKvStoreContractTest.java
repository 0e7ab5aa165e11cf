package io.kvsync.store.memory;

import io.kvsync.spi.KvStore;
import io.kvsync.tck.KvStoreContract;

import java.time.Duration;

class MemoryKvStoreContractTest extends KvStoreContract {

    private static final Duration TOMBSTONE_TTL = Duration.ofSeconds(1);

    @Override
    protected KvStore createStore() {
        return MemoryKvStore.builder().tombstoneTtl(TOMBSTONE_TTL).build();
    }

    @Override
    protected Duration tombstoneTtl() {
        return TOMBSTONE_TTL;
    }
}
