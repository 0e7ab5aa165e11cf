package io.kvsync.store.hazelcast;

import com.hazelcast.client.Client;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KeyBatcher;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;
import io.kvsync.store.hazelcast.internal.BatchWriter;
import io.kvsync.store.hazelcast.internal.Envelope;
import io.kvsync.store.hazelcast.internal.KeyPrefixPredicate;
import io.kvsync.store.hazelcast.internal.StoreErrors;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link KvStore} on a Hazelcast {@code IMap<String, byte[]>}, reached through an embedded member
 * or a client. Each entry lives for its put's ttl; versioned writes follow {@link KvWrite}, with
 * tombstones that live for a configured time; a batch is sent as one asynchronous operation per
 * partition and awaited as a whole.
 *
 * <pre>{@code
 * KvStore store = HazelcastKvStore.builder().instance(hazelcastInstance).mapName("users").build();
 * KvStore own = HazelcastKvStore.builder().mode(HazelcastMode.CLIENT).clusterName("prod")
 *         .members("10.0.0.1:5701", "10.0.0.2:5701").build();
 * }</pre>
 *
 * <p><b>Storage.</b> Each entry holds the value behind a 10-byte header with the version and whether
 * it is a tombstone; {@link #read} strips it and leaves tombstones out. Writes run an entry processor
 * on the members, one per partition a batch touches, so a cluster reached by a client needs the
 * {@code kvsync-store-hazelcast} and {@code kvsync-api} jars on its members' class path.
 *
 * <p><b>Lifecycle.</b> A store that created its Hazelcast instance shuts it down on {@link #close()};
 * a store given an instance leaves it running.
 *
 * <p><b>Thread safety.</b> Safe for concurrent use; each write applies to its key atomically.
 *
 * <p><b>Errors.</b> {@link #write} and {@link #read} throw {@link KvStoreException} naming the
 * operation, the number of keys and the cause when Hazelcast fails or times out, when the map holds a
 * value KVSync did not write, and once the store is closed.
 */
public final class HazelcastKvStore implements KvStore {

    /** The default map name. */
    public static final String DEFAULT_MAP_NAME = "kvsync";
    /** The default lifetime of the tombstone a versioned delete leaves: one minute. */
    public static final Duration DEFAULT_TOMBSTONE_TTL = Duration.ofMinutes(1);
    /** The default time a batch may wait for the cluster's answers: 30 seconds. */
    public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(30);

    private final HazelcastInstance instance;
    private final boolean ownsInstance;
    private final String mapName;
    private final Duration tombstoneTtl;
    private final Duration operationTimeout;
    private final String endpoint;
    private final IMap<String, byte[]> map;
    private final StoreErrors errors;
    private final BatchWriter writer;
    private final AtomicBoolean closed = new AtomicBoolean();

    HazelcastKvStore(HazelcastInstance instance, boolean ownsInstance, String mapName, Duration tombstoneTtl,
                     Duration operationTimeout) {
        this.instance = instance;
        this.ownsInstance = ownsInstance;
        this.mapName = mapName;
        this.tombstoneTtl = tombstoneTtl;
        this.operationTimeout = operationTimeout;
        this.errors = new StoreErrors("HazelcastKvStore[map=" + mapName + "]");
        try {
            this.endpoint = instance.getLocalEndpoint() instanceof Client ? "client" : "member";
            this.map = instance.getMap(mapName);
            this.writer = new BatchWriter(map, instance.getPartitionService(), tombstoneTtl, operationTimeout, errors,
                    "member".equals(endpoint) && noDefaultExpiry(instance, mapName));
        } catch (RuntimeException e) {
            throw errors.unavailable("open the map", e);
        }
    }

    /**
     * Whether the map keeps entries forever unless a write says otherwise: then a plain put written with
     * {@code setAll} lives as long as one written by the entry processor (which clears the expiry). A client
     * cannot read the members' map configuration, so it keeps the processor for every write.
     */
    private static boolean noDefaultExpiry(HazelcastInstance instance, String mapName) {
        try {
            return instance.getConfig().findMapConfig(mapName).getTimeToLiveSeconds() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A builder with the default settings. */
    public static HazelcastKvStoreBuilder builder() {
        return new HazelcastKvStoreBuilder();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each partition the batch touches gets one asynchronous operation carrying all its keys'
     * writes; the call returns when every partition has answered, or throws after the operation timeout.
     */
    @Override
    public void write(List<KvWrite> writes) {
        write(writes, UncertainOrders.NONE);
    }

    /** {@inheritDoc} The members find them; the answers name the writes, not the claims they met. */
    @Override
    public void write(List<KvWrite> writes, UncertainOrders uncertain) {
        if (closed.get()) {
            throw errors.closed("write", writes.size(), writes.isEmpty() ? null : writes.get(0).key());
        }
        writer.write(writes, uncertain);
    }

    /**
     * {@inheritDoc} One {@code keySet} call with a key-prefix predicate evaluated on the members (which
     * need this jar on their class path, as for writes); tombstones may be among the keys.
     */
    @Override
    public void scanKeys(String prefix, int batchSize, Consumer<List<String>> batches) {
        if (closed.get()) {
            throw errors.closed("scan", 0, prefix);
        }
        KeyBatcher batcher = new KeyBatcher(batchSize, batches);
        Set<String> keys;
        try {
            // Filtered on the members; only the matching keys travel back (tombstones included).
            keys = map.keySet(new KeyPrefixPredicate(prefix));
        } catch (RuntimeException e) {
            throw errors.failed("scan", 0, prefix, e);
        }
        keys.forEach(batcher::add);
        batcher.finish();
    }

    /** {@inheritDoc} One {@code getAll} call; tombstones are left out and headers stripped. */
    @Override
    public Map<String, byte[]> read(Collection<String> keys) {
        String firstKey = keys.isEmpty() ? null : keys.iterator().next();
        if (closed.get()) {
            throw errors.closed("read", keys.size(), firstKey);
        }
        if (keys.isEmpty()) {
            return new HashMap<>();
        }
        Map<String, byte[]> held;
        try {
            held = map.getAll(new HashSet<>(keys));
        } catch (RuntimeException e) {
            throw errors.failed("read", keys.size(), firstKey, e);
        }
        Map<String, byte[]> values = new HashMap<>();
        held.forEach((key, bytes) -> {
            Envelope envelope = Envelope.parse(bytes);
            if (envelope == null) {
                throw errors.foreignValue(key, bytes.length);
            }
            if (!envelope.isTombstone()) {
                values.put(key, envelope.copyOfValue());
            }
        });
        return values;
    }

    /** Shuts down the Hazelcast instance if the store created it; a given instance keeps running. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && ownsInstance) {
            instance.shutdown();
        }
    }

    @Override
    public String toString() {
        return "HazelcastKvStore[map=" + mapName + ", " + endpoint + (ownsInstance ? " created by the store" : " given")
                + ", tombstoneTtl=" + tombstoneTtl + ", operationTimeout=" + operationTimeout
                + (closed.get() ? ", closed" : "") + "]";
    }
}
