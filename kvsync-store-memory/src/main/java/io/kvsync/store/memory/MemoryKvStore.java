package io.kvsync.store.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.kvsync.api.KvStoreException;
import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KeyBatcher;
import io.kvsync.spi.KeyCount;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link KvStore} in the JVM's heap, backed by a Caffeine cache: each entry lives for its put's
 * ttl, the whole store stays within a bound in bytes (least valuable entries are evicted first),
 * versioned writes follow {@link KvWrite}, and tombstones of versioned deletes live for a configured
 * time. For tests and single-node use; the data is gone when the JVM ends.
 *
 * <pre>{@code
 * KvStore store = MemoryKvStore.builder().maximumBytes(64L << 20).build();
 * }</pre>
 *
 * <p><b>Thread safety.</b> Safe for concurrent use; each write is applied to its key atomically.
 *
 * <p><b>Errors.</b> {@link #write} and {@link #read} throw {@link KvStoreException} once the store is
 * closed; {@link Builder#build()} throws {@link KvSyncConfigurationException} for invalid settings.
 */
public final class MemoryKvStore implements KvStore {

    /** The default bound on the bytes held: 256 MiB. */
    public static final long DEFAULT_MAXIMUM_BYTES = 256L * 1024 * 1024;
    /** The default lifetime of the tombstone a versioned delete leaves: one minute. */
    public static final Duration DEFAULT_TOMBSTONE_TTL = Duration.ofMinutes(1);

    private final Ticker ticker = Ticker.systemTicker();
    private final Cache<String, StoredEntry> cache;
    private final long maximumBytes;
    private final Duration tombstoneTtl;
    private volatile boolean closed;

    private MemoryKvStore(Builder builder) {
        this.maximumBytes = builder.maximumBytes;
        this.tombstoneTtl = builder.tombstoneTtl;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maximumBytes)
                .weigher((String key, StoredEntry entry) -> entry.weight(key))
                .expireAfter(new EntryExpiry())
                .ticker(ticker)
                // Evicting on the writing thread, not later on the common pool, keeps a burst of
                // writes from overshooting the bound in bytes.
                .executor(Runnable::run)
                .build();
    }

    /** A builder with the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The value arrays are kept as given, not copied: {@link KvWrite.Put} forbids changing them.
     */
    @Override
    public void write(List<KvWrite> writes) {
        write(writes, UncertainOrders.NONE);
    }

    /** {@inheritDoc} */
    @Override
    public void write(List<KvWrite> writes, UncertainOrders uncertain) {
        ensureOpen("write", writes.size(), writes.isEmpty() ? null : writes.get(0).key());
        Map<String, StoredEntry> map = cache.asMap();
        long window = uncertain.windowMicros();
        Decision decision = new Decision();
        for (KvWrite write : writes) {
            map.compute(write.key(), (key, current) -> {
                decision.held = current == null ? null : current.held();
                long born = write.admit(decision.held);
                decision.applied = born != KvWrite.REFUSED;
                return decision.applied ? apply(write, born) : current;
            });
            // Told outside compute(): the engine's collector must not run under the map's lock.
            if (write.uncertainOrder(decision.held, window)) {
                uncertain.report(write, decision.held.claim(), decision.applied);
            }
        }
    }

    /** What one write met and whether it applied; reused write by write on the calling thread. */
    private static final class Decision {
        KvWrite.Held held;
        boolean applied;
    }

    @Override
    public Map<String, byte[]> read(Collection<String> keys) {
        ensureOpen("read", keys.size(), keys.isEmpty() ? null : keys.iterator().next());
        Map<String, byte[]> values = new HashMap<>();
        cache.getAllPresent(keys).forEach((key, entry) -> {
            if (!entry.isTombstone()) {
                values.put(key, entry.copyOfValue());
            }
        });
        return values;
    }

    /** Lists live values' keys with {@code prefix}; tombstones are left out. */
    @Override
    public void scanKeys(String prefix, int batchSize, Consumer<List<String>> batches) {
        ensureOpen("scan", 0, prefix);
        KeyBatcher batcher = new KeyBatcher(batchSize, batches);
        for (Map.Entry<String, StoredEntry> entry : cache.asMap().entrySet()) {
            if (entry.getKey().startsWith(prefix) && !entry.getValue().isTombstone()) {
                batcher.add(entry.getKey());
            }
        }
        batcher.finish();
    }

    /**
     * How long the value under {@code key} has left to live: what {@code PTTL} tells of a Redis key, for
     * tests and tools that check expiry without waiting for it.
     *
     * @return empty when the key holds no value (absent, expired or a tombstone) or a value that never
     *         expires
     * @throws KvStoreException once the store is closed
     */
    public Optional<Duration> timeToLive(String key) {
        ensureOpen("read the time to live of", 1, key);
        StoredEntry entry = cache.getIfPresent(key);
        if (entry == null || entry.isTombstone()) {
            return Optional.empty();
        }
        long nanos = entry.nanosUntilExpiry(ticker.read());
        return nanos == Long.MAX_VALUE ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    /** Drops every entry; later writes and reads throw {@link KvStoreException}. Idempotent. */
    @Override
    public void close() {
        closed = true;
        cache.invalidateAll();
        cache.cleanUp();
    }

    @Override
    public String toString() {
        return "MemoryKvStore[maximumBytes=" + maximumBytes + ", tombstoneTtl=" + tombstoneTtl
                + (closed ? ", closed" : "") + "]";
    }

    /** The entry {@code write} leaves over {@code current}: the same entry when the write is refused. */
    /** The entry an admitted write leaves; {@code born} as {@link KvWrite#admit} gave it. */
    private StoredEntry apply(KvWrite write, long born) {
        KvWrite.Claim claim = write.versioned() && write.claim() != null ? write.claim().bornAt(born) : null;
        long now = ticker.read();
        if (write instanceof KvWrite.Put put) {
            return StoredEntry.value(put.value(), put.version(), claim, put.ttl(), now);
        }
        return write.versioned() ? StoredEntry.tombstone(write.version(), claim, tombstoneTtl, now) : null;
    }

    private void ensureOpen(String operation, int keyCount, String firstKey) {
        if (closed) {
            throw new KvStoreException("MemoryKvStore is closed: cannot " + operation + " "
                    + KeyCount.describe(keyCount, firstKey) + "; create a new store");
        }
    }

    /**
     * Settings of a {@link MemoryKvStore}; validated by {@link #build()}. Not thread-safe.
     */
    public static final class Builder {

        private long maximumBytes = DEFAULT_MAXIMUM_BYTES;
        private Duration tombstoneTtl = DEFAULT_TOMBSTONE_TTL;

        private Builder() {
        }

        /**
         * The bound on the bytes held (keys, values and a small overhead per entry); beyond it the
         * least valuable entries are evicted. An entry larger than the bound is not kept at all.
         * Default {@link #DEFAULT_MAXIMUM_BYTES}; must be positive.
         */
        public Builder maximumBytes(long maximumBytes) {
            this.maximumBytes = maximumBytes;
            return this;
        }

        /**
         * How long the tombstone of a versioned delete keeps blocking older writes. It should outlast
         * the longest delay with which a stale write can arrive. Default {@link #DEFAULT_TOMBSTONE_TTL};
         * must be positive.
         */
        public Builder tombstoneTtl(Duration tombstoneTtl) {
            this.tombstoneTtl = tombstoneTtl;
            return this;
        }

        /**
         * Creates the store.
         *
         * @throws KvSyncConfigurationException when a setting is invalid; the message names it
         */
        public MemoryKvStore build() {
            if (maximumBytes <= 0) {
                throw new KvSyncConfigurationException("MemoryKvStore maximumBytes (setting "
                        + MemoryKvStoreProvider.MAXIMUM_BYTES + ") must be positive but was " + maximumBytes);
            }
            if (tombstoneTtl == null || tombstoneTtl.isNegative() || tombstoneTtl.isZero()) {
                throw new KvSyncConfigurationException("MemoryKvStore tombstoneTtl (setting "
                        + MemoryKvStoreProvider.TOMBSTONE_TTL + ") must be a positive duration but was " + tombstoneTtl);
            }
            return new MemoryKvStore(this);
        }
    }
}
