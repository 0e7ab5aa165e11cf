package io.kvsync.store.redis;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KeyBatcher;
import io.kvsync.spi.KeyCount;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;
import io.kvsync.store.redis.internal.BackendHolder;
import io.kvsync.store.redis.internal.CauseText;
import io.kvsync.store.redis.internal.CommandEncoder;
import io.kvsync.store.redis.internal.Glob;
import io.kvsync.store.redis.internal.NearCache;
import io.kvsync.store.redis.internal.NearCachedBackend;
import io.kvsync.store.redis.internal.RedisBackend;
import io.kvsync.store.redis.internal.RedisBackend.ScriptMode;
import io.kvsync.store.redis.internal.RedisStoreLog;
import io.kvsync.store.redis.internal.SetIfAbsentFirst;
import io.kvsync.store.redis.internal.StoreCommand;
import io.kvsync.store.redis.internal.ValueEnvelope;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The reference {@link KvStore}: Redis standalone, Sentinel or Cluster, plain or TLS, through Lettuce
 * (the default) or Jedis.
 *
 * <pre>{@code
 * KvStore store = RedisKvStore.builder()
 *         .uri("redis://localhost:6379")
 *         .prefix("kvsync:")
 *         .expiration(Duration.ofDays(365))
 *         .build();
 * }</pre>
 *
 * <p><b>Commands.</b> A {@link #write} batch is one pipelined round trip (one per node on a cluster):
 * {@code SET key value [PX ttl]} for puts, {@code DEL key} for deletes, never {@code MULTI} and never a
 * multi-key command across slots (on a single node, a run of consecutive unexpiring puts goes out as one
 * {@code MSET}, with the same outcome). A versioned write runs a Lua script on its key (by {@code EVALSHA};
 * {@code EVAL} when a node answers {@code NOSCRIPT}) that applies it only when
 * {@link KvWrite#admit} allows; versions and tombstones live in a small header of the stored value,
 * so {@link #read} stays one {@code MGET} (split by slot on a cluster) and strips the header. Versioned puts
 * likely to meet an empty key go first as set-if-absent ({@code MSETNX} runs, or {@code SET … NX}), a round
 * trip before the rest, and only those that found their key held are fenced
 * ({@link RedisKvStoreBuilder#setIfAbsent(SetIfAbsent)}); batches of many versioned writes on a single node
 * are fenced by optimistic transactions ({@link RedisKvStoreBuilder#optimisticFencing(int)}).
 *
 * <p><b>Near cache.</b> Optional ({@link RedisKvStoreBuilder#nearCache(int)}): recently read keys kept in
 * the JVM and dropped as Redis reports their changes ({@code CLIENT TRACKING}).
 *
 * <p><b>Connections.</b> The store connects when built; if Redis is down then, it logs a warning and
 * connects on first use instead, so an application can start while Redis is down. A client it creates is
 * bounded (a request queue per connection, a timeout on every command) and is shut down by
 * {@link #close()}; a client passed to the builder is used as configured and left open.
 *
 * <p><b>Thread safety.</b> Safe for concurrent use; concurrent batches are pipelined behind each other.
 *
 * <p><b>Errors.</b> {@link #write} and {@link #read} throw {@link KvStoreException} naming the operation,
 * the number of keys, the first key and the cause (a timeout, a refused connection, a closed store);
 * {@link RedisKvStoreBuilder#build()} throws {@link io.kvsync.api.KvSyncConfigurationException} for invalid settings.
 * Passwords never appear in messages, logs or {@link #toString()}.
 */
public final class RedisKvStore implements KvStore {

    /** Keys SCAN looks at per call; reaching a page of matches in a large keyspace takes many. */
    private static final int SCAN_COUNT = 10_000;

    /** The default key prefix. */
    public static final String DEFAULT_PREFIX = "kvsync:";
    /** The default lifetime of the tombstone a versioned delete leaves: one minute. */
    public static final Duration DEFAULT_TOMBSTONE_TTL = Duration.ofMinutes(1);
    /** The default time a command may take before it fails. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The default time connecting may take. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The default bound on the commands a Lettuce connection holds unsent or unanswered. */
    public static final int DEFAULT_REQUEST_QUEUE_SIZE = 65_536;
    /** The default number of pooled connections of a Jedis client the store creates. */
    public static final int DEFAULT_JEDIS_POOL_SIZE = 16;
    /**
     * The default least number of versioned writes in a batch for it to be fenced by one optimistic
     * transaction rather than a script call per key ({@link RedisKvStoreBuilder#optimisticFencing(int)}).
     */
    public static final int DEFAULT_OPTIMISTIC_FENCING = 8;
    /** The URI used when none is given. */
    public static final String DEFAULT_URI = "redis://localhost:6379";

    private static final System.Logger LOG = RedisStoreLog.LOGGER;

    private final BackendHolder backend;
    private final CommandEncoder encoder;
    private final SetIfAbsentFirst setIfAbsentFirst;
    private final String description;
    private final int nearCacheEntries;
    private volatile boolean closed;
    /**
     * Why Redis last refused this store's login, until a call succeeds: a client reconnecting after a
     * refusal may report only its own state on the next calls ("Connection closed prematurely"), which
     * would hide the one thing to fix.
     */
    private volatile String refusedLogin;

    RedisKvStore(BackendHolder backend, CommandEncoder encoder, SetIfAbsentFirst setIfAbsentFirst, String description,
                 int nearCacheEntries) {
        this.backend = backend;
        this.encoder = encoder;
        this.setIfAbsentFirst = setIfAbsentFirst;
        this.description = description;
        this.nearCacheEntries = nearCacheEntries;
    }

    /** A builder with the default settings. */
    public static RedisKvStoreBuilder builder() {
        return new RedisKvStoreBuilder();
    }

    /** Connects now if Redis answers; otherwise logs why and leaves connecting to the first call. */
    void connectEagerly() {
        try {
            backend.get();
        } catch (KvSyncConfigurationException e) {
            // Found only once connected (a near cache on a RESP2 connection, say): no retry can mend it.
            backend.close();
            throw e;
        } catch (RuntimeException e) {
            String why = why(e);
            LOG.log(Level.WARNING, () -> "RedisKvStore cannot connect to Redis yet (" + why
                    + "); it will connect on first use. " + this);
        }
    }

    @Override
    public void write(List<KvWrite> writes) {
        write(writes, UncertainOrders.NONE);
    }

    /** {@inheritDoc} The script finds them; its answers name the writes, not the claims they met. */
    @Override
    public void write(List<KvWrite> writes, UncertainOrders uncertain) {
        ensureOpen("write", writes.size(), firstKey(writes));
        if (writes.isEmpty()) {
            return;
        }
        List<StoreCommand> commands = encoder.encode(writes, uncertain.windowMicros());
        UncertainOrders once = uncertain.windowMicros() > 0 ? new TellOnce(uncertain) : uncertain;
        try {
            RedisBackend redis = backend.get();
            List<StoreCommand> rest = afterSetIfAbsent(redis, commands);
            if (!rest.isEmpty() && redis.write(rest, ScriptMode.EVALSHA, once) && redis.write(rest, ScriptMode.EVAL, once)) {
                throw new IllegalStateException("Redis answered NOSCRIPT even to EVAL");
            }
            loggedIn();
        } catch (RuntimeException e) {
            throw failure("write", writes.size(), firstKey(writes), e);
        }
    }

    /**
     * Sends the puts that go first as set-if-absent ({@link SetIfAbsentFirst}); returns what the fencing must
     * still apply. A refusal of the commands themselves (no permission) leaves every put to the fencing.
     */
    private List<StoreCommand> afterSetIfAbsent(RedisBackend redis, List<StoreCommand> commands) {
        SetIfAbsentFirst.Split split = setIfAbsentFirst.split(commands);
        if (split == null) {
            return commands;
        }
        boolean[] written;
        try {
            written = redis.setIfAbsent(split.firstPuts());
        } catch (RuntimeException e) {
            if (!setIfAbsentFirst.stopIfRefused(e)) {
                throw e;
            }
            // Whatever was written meanwhile, the fencing meets as its own entry and leaves as it is.
            written = new boolean[split.firstPuts().size()];
        }
        return split.rest(written);
    }

    @Override
    public Map<String, byte[]> read(Collection<String> keys) {
        String first = keys.isEmpty() ? null : keys.iterator().next();
        ensureOpen("read", keys.size(), first);
        Map<String, byte[]> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        // A single key (every fetch) skips the de-duplication: fetch latency is measured against a raw GET.
        List<String> distinct = keys.size() == 1 ? List.of(first) : new ArrayList<>(new LinkedHashSet<>(keys));
        List<byte[]> stored;
        try {
            List<byte[]> encoded = new ArrayList<>(distinct.size());
            distinct.forEach(key -> encoded.add(encoder.key(key)));
            stored = backend.get().read(encoded);
            loggedIn();
        } catch (RuntimeException e) {
            throw failure("read", distinct.size(), first, e);
        }
        for (int i = 0; i < distinct.size(); i++) {
            byte[] bytes = stored.get(i);
            if (bytes != null) {
                byte[] value = open(distinct.get(i), bytes);
                if (value != null) {
                    found.put(distinct.get(i), value);
                }
            }
        }
        return found;
    }

    /**
     * Versioned puts written by {@code SET … NX} and puts that found their key held and were fenced instead,
     * since the store was built ({@link RedisKvStoreBuilder#setIfAbsent}); for tests and diagnostics.
     */
    long[] setIfAbsentCounts() {
        return setIfAbsentFirst.counts();
    }

    /** Whether this store keeps a near cache ({@link RedisKvStoreBuilder#nearCache(int)} above 0). */
    public boolean hasNearCache() {
        return nearCacheEntries > 0;
    }

    /**
     * The near cache's counters (see {@link RedisKvStoreBuilder#nearCache(int)}); all zero without one, or
     * before the store first connected.
     */
    public NearCacheStats nearCacheStats() {
        RedisBackend open = backend.getIfOpen();
        if (open instanceof NearCachedBackend cached) {
            NearCache cache = cached.cache();
            return new NearCacheStats(cache.hits(), cache.misses(), cache.invalidations(), cache.size());
        }
        return new NearCacheStats(0, 0, 0, 0);
    }

    /**
     * Counters of the near cache, since the store connected.
     *
     * @param hits          reads answered from memory
     * @param misses        reads that went to Redis
     * @param invalidations keys dropped because Redis reported a change or this store wrote them (dropping
     *                      everything, after a lost connection, counts as one)
     * @param entries       about how many keys are held now
     */
    public record NearCacheStats(long hits, long misses, long invalidations, long entries) {
    }

    /**
     * Lists the keys under {@code prefix} with {@code SCAN} (on every master of a cluster), the store's own
     * prefix removed. May include tombstones, which {@link #read} leaves out.
     */
    @Override
    public void scanKeys(String prefix, int batchSize, Consumer<List<String>> batches) {
        ensureOpen("scan", 0, prefix);
        String storePrefix = encoder.prefix();
        KeyBatcher batcher = new KeyBatcher(batchSize, batches);
        try {
            // SCAN's COUNT is work per call over the whole keyspace, not a page size: keep it large.
            backend.get().scan(Glob.escape(storePrefix + prefix) + "*", Math.max(batchSize, SCAN_COUNT),
                    keys -> keys.forEach(key -> batcher.add(key.substring(storePrefix.length()))));
            batcher.finish();
        } catch (RuntimeException e) {
            throw failure("scan", 0, prefix, e);
        }
    }

    private byte[] open(String key, byte[] stored) {
        try {
            return ValueEnvelope.open(stored);
        } catch (IllegalArgumentException e) {
            throw new KvStoreException("RedisKvStore cannot read key \"" + key + "\": " + e.getMessage() + "; " + this, e);
        }
    }

    /** Closes the connections, and shuts down the client unless the application passed it in. Idempotent. */
    @Override
    public void close() {
        closed = true;
        backend.close();
    }

    /** The client library, endpoints and settings; never a password. */
    @Override
    public String toString() {
        return description + (closed ? ", closed]" : "]");
    }

    private void ensureOpen(String operation, int keyCount, String firstKey) {
        if (closed) {
            throw new KvStoreException("RedisKvStore is closed: cannot " + operation + " "
                    + KeyCount.describe(keyCount, firstKey) + "; " + this);
        }
    }

    private KvStoreException failure(String operation, int keyCount, String firstKey, RuntimeException cause) {
        if (closed || (cause instanceof IllegalStateException && backend.isClosed())) {
            return new KvStoreException("RedisKvStore was closed during a " + operation + " of " + keyCount
                    + " key(s); " + this, cause);
        }
        return new KvStoreException("RedisKvStore could not " + operation + " " + KeyCount.describe(keyCount, firstKey)
                + ": " + why(cause) + "; " + this, cause);
    }

    /** The words for {@code cause}, with the last refused login when this failure does not say it itself. */
    private String why(RuntimeException cause) {
        String text = CauseText.of(cause);
        if (CauseText.isRefusedLogin(cause)) {
            refusedLogin = text;
            return text;
        }
        String refused = refusedLogin;
        return refused == null ? text : text + "; the last login Redis answered was refused: " + refused;
    }

    /**
     * Tells each write once: a batch sent again with {@code EVAL} after a {@code NOSCRIPT} repeats the
     * script's answers for the writes that were refused the first time.
     */
    private static final class TellOnce implements UncertainOrders {
        private final UncertainOrders uncertain;
        private final java.util.Set<KvWrite> told = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        TellOnce(UncertainOrders uncertain) {
            this.uncertain = uncertain;
        }

        @Override
        public long windowMicros() {
            return uncertain.windowMicros();
        }

        @Override
        public void report(KvWrite write, KvWrite.Claim other, boolean applied) {
            if (told.add(write)) {
                uncertain.report(write, other, applied);
            }
        }
    }

    private void loggedIn() {
        if (refusedLogin != null) {
            refusedLogin = null;
        }
    }

    private static String firstKey(List<KvWrite> writes) {
        return writes.isEmpty() ? null : writes.get(0).key();
    }
}
