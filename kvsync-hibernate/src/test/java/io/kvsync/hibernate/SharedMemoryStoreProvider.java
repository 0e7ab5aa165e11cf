package io.kvsync.hibernate;

import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvStoreProvider;
import io.kvsync.spi.KvSyncConfig;
import io.kvsync.spi.KvWrite;
import io.kvsync.store.memory.MemoryKvStore;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A test provider ("shared-memory") whose stores all write to one static memory store, so a test can
 * look into the store of a KvSync that the integrator built. Lowest priority: never chosen unless named.
 */
public final class SharedMemoryStoreProvider implements KvStoreProvider {

    static final KvStore SHARED = MemoryKvStore.builder().build();
    static final AtomicBoolean LAST_CLOSED = new AtomicBoolean();

    @Override
    public String name() {
        return "shared-memory";
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public KvStore create(KvSyncConfig config) {
        LAST_CLOSED.set(false);
        return new KvStore() {
            @Override
            public void write(List<KvWrite> writes) {
                SHARED.write(writes);
            }

            @Override
            public Map<String, byte[]> read(Collection<String> keys) {
                return SHARED.read(keys);
            }

            @Override
            public void close() {
                LAST_CLOSED.set(true);
            }
        };
    }
}
