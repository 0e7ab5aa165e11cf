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
        return new Unclosed(SHARED) {
            @Override
            public void close() {
                LAST_CLOSED.set(true);
            }
        };
    }

    /** A view of a store that others share: everything but {@link #close()}, which leaves the store open. */
    static class Unclosed implements KvStore {
        private final KvStore shared;

        Unclosed(KvStore shared) {
            this.shared = shared;
        }

        @Override
        public void write(List<KvWrite> writes) {
            shared.write(writes);
        }

        @Override
        public void write(List<KvWrite> writes, io.kvsync.spi.UncertainOrders uncertain) {
            shared.write(writes, uncertain);
        }

        @Override
        public Map<String, byte[]> read(Collection<String> keys) {
            return shared.read(keys);
        }

        @Override
        public void scanKeys(String prefix, int batchSize, java.util.function.Consumer<List<String>> batches) {
            shared.scanKeys(prefix, batchSize, batches);
        }

        @Override
        public void close() {
            // Shared: left open.
        }
    }
}
