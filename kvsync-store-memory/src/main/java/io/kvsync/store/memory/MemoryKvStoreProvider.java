package io.kvsync.store.memory;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvStoreProvider;
import io.kvsync.spi.KvSyncConfig;

/**
 * Provides a {@link MemoryKvStore} under the name {@value #NAME}, configured by
 * {@value #MAXIMUM_BYTES} (a number of bytes) and {@value #TOMBSTONE_TTL} (a duration such as
 * {@code 1m}). Its priority is 0, so a store for a real backend wins when none is named.
 * Thread-safe and stateless.
 */
public final class MemoryKvStoreProvider implements KvStoreProvider {

    /** The name matched against {@code kvsync.store}. */
    public static final String NAME = "memory";
    /** The setting read for {@link MemoryKvStore.Builder#maximumBytes(long)}. */
    public static final String MAXIMUM_BYTES = "kvsync.memory.maximum-bytes";
    /** The setting read for {@link MemoryKvStore.Builder#tombstoneTtl(java.time.Duration)}. */
    public static final String TOMBSTONE_TTL = "kvsync.memory.tombstone-ttl";

    /** Called by {@link java.util.ServiceLoader}. */
    public MemoryKvStoreProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** 0: a test and single-node store, chosen only when named or when no other store is present. */
    @Override
    public int priority() {
        return 0;
    }

    /**
     * {@inheritDoc}
     *
     * @throws KvSyncConfigurationException when a setting cannot be parsed or is out of range
     */
    @Override
    public KvStore create(KvSyncConfig config) {
        return MemoryKvStore.builder()
                .maximumBytes(config.getLong(MAXIMUM_BYTES, MemoryKvStore.DEFAULT_MAXIMUM_BYTES))
                .tombstoneTtl(config.getDuration(TOMBSTONE_TTL, MemoryKvStore.DEFAULT_TOMBSTONE_TTL))
                .build();
    }
}
