package io.kvsync.micrometer;

import io.kvsync.api.KvSyncKeyConflictException;
import io.kvsync.api.SyncReport;
import io.kvsync.engine.KvSync;
import io.kvsync.engine.KvSyncListener;
import io.kvsync.engine.KvSyncStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Publishes what a {@link KvSync} does to a Micrometer {@link MeterRegistry}: usable on its own
 * ({@code KvSyncMetrics.bindTo(kv, registry)}) and as the {@link MeterBinder} bean the Spring Boot starter
 * registers. Every meter is tagged {@code store} (e.g. {@code redis}, {@code memory}, {@code hazelcast}) and
 * the tags given to the constructor; those about writes also {@code entity} (the entity class's simple name,
 * {@code unknown} for writes enqueued by raw key).
 *
 * <table>
 * <caption>Meters</caption>
 * <tr><th>name</th><th>type</th><th>what it counts</th></tr>
 * <tr><td>{@code kvsync.pending}</td><td>gauge</td><td>keys waiting to be written, in flight included</td></tr>
 * <tr><td>{@code kvsync.pending.oldest}</td><td>time gauge</td><td>how long the first write in line has waited</td></tr>
 * <tr><td>{@code kvsync.store.failing}</td><td>time gauge</td><td>how long every store call has failed; 0 when the last succeeded</td></tr>
 * <tr><td>{@code kvsync.writes.written}</td><td>counter</td><td>key writes the store acknowledged</td></tr>
 * <tr><td>{@code kvsync.writes.failed}</td><td>counter</td><td>failed attempts, and writes dropped (back-pressure, not
 * marshalable, abandoned at shutdown)</td></tr>
 * <tr><td>{@code kvsync.writes.retried}</td><td>counter</td><td>attempts after a key's first</td></tr>
 * <tr><td>{@code kvsync.writes.conflicts}</td><td>counter</td><td>claims dropped because another entity took the key,
 * and hand-overs whose order the store could not be sure of</td></tr>
 * <tr><td>{@code kvsync.store.write}</td><td>timer</td><td>each store call; tag {@code result} {@code ok} or
 * {@code failed}; percentiles 0.5, 0.95, 0.99</td></tr>
 * <tr><td>{@code kvsync.lag}</td><td>timer</td><td>from the commit (the change enqueued) to the store's acknowledgement,
 * per key; percentiles 0.5, 0.95, 0.99</td></tr>
 * <tr><td>{@code kvsync.outbox.depth}</td><td>gauge</td><td>changes waiting in the outbox ({@code kvsync.delivery=outbox});
 * NaN without one</td></tr>
 * <tr><td>{@code kvsync.outbox.oldest}</td><td>time gauge</td><td>how long the oldest of them has waited; NaN without an outbox</td></tr>
 * <tr><td>{@code kvsync.nearcache.hits} / {@code .misses}</td><td>function counters</td><td>reads answered by the Redis
 * store's near cache, and those that went to Redis; only when the store has one</td></tr>
 * </table>
 *
 * <p>The gauges read {@link KvSync#stats()} when the registry asks; the counters and timers are fed by a
 * {@link KvSyncListener} on the worker threads, so each costs a map lookup and an increment per key.
 * {@link #close()} detaches the listeners; meters already registered stay in their registries.
 */
public final class KvSyncMetrics implements MeterBinder, AutoCloseable {

    private static final double[] PERCENTILES = {0.5, 0.95, 0.99};
    private static final String UNKNOWN_ENTITY = "unknown";

    private final KvSync kv;
    private final Tags tags;
    private final List<KvSyncListener> listeners = new CopyOnWriteArrayList<>();

    /** Meters for {@code kv}, tagged {@code store} and {@code extraTags}; bind them with {@link #bindTo(MeterRegistry)}. */
    public KvSyncMetrics(KvSync kv, Iterable<Tag> extraTags) {
        this.kv = Objects.requireNonNull(kv, "kv");
        this.tags = Tags.of("store", storeName(kv)).and(extraTags);
    }

    /** Meters for {@code kv}, tagged {@code store}. */
    public KvSyncMetrics(KvSync kv) {
        this(kv, Tags.empty());
    }

    /** Registers {@code kv}'s meters in {@code registry} and returns the binder, whose {@link #close()} detaches them. */
    public static KvSyncMetrics bindTo(KvSync kv, MeterRegistry registry) {
        KvSyncMetrics metrics = new KvSyncMetrics(kv);
        metrics.bindTo(registry);
        return metrics;
    }

    /**
     * The name the {@code store} tag carries: the store's class name without {@code KvStore}, in lower case
     * ({@code RedisKvStore} gives {@code redis}).
     */
    static String storeName(KvSync kv) {
        String simple = kv.store().getClass().getSimpleName();
        String name = simple.endsWith("KvStore") && simple.length() > "KvStore".length()
                ? simple.substring(0, simple.length() - "KvStore".length()) : simple;
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("kvsync.pending", kv, k -> k.stats().pending()).tags(tags).baseUnit("keys")
                .description("Keys waiting to be written to the store, in flight included").register(registry);
        TimeGauge.builder("kvsync.pending.oldest", kv, TimeUnit.NANOSECONDS, k -> k.stats().oldestPending().toNanos())
                .tags(tags).description("How long the first write in line has waited since its commit").register(registry);
        TimeGauge.builder("kvsync.store.failing", kv, TimeUnit.NANOSECONDS, k -> k.stats().storeFailingFor().toNanos())
                .tags(tags).description("How long every call to the store has failed; 0 when the last one succeeded")
                .register(registry);
        Gauge.builder("kvsync.outbox.depth", kv, k -> outboxDepth(k.stats())).tags(tags).baseUnit("changes")
                .description("Changes waiting in the outbox (kvsync.delivery=outbox); NaN without an outbox").register(registry);
        TimeGauge.builder("kvsync.outbox.oldest", kv, TimeUnit.NANOSECONDS, k -> outboxOldest(k.stats()))
                .tags(tags).description("How long the oldest change in the outbox has waited; NaN without an outbox")
                .register(registry);
        if (NearCacheMeters.applies(kv)) {
            NearCacheMeters.register(kv, tags, registry);
        }
        Recorder recorder = new Recorder(registry);
        listeners.add(recorder);
        kv.addListener(recorder);
    }

    private static double outboxDepth(KvSyncStats stats) {
        return stats.outboxDepth() < 0 ? Double.NaN : stats.outboxDepth();
    }

    private static double outboxOldest(KvSyncStats stats) {
        return stats.outboxDepth() < 0 ? Double.NaN : stats.outboxOldestAge().toNanos();
    }

    /** Stops feeding the counters and timers of every registry this binder was bound to. */
    @Override
    public void close() {
        listeners.forEach(kv::removeListener);
        listeners.clear();
    }

    /** Feeds one registry's counters and timers from the engine's reports and store calls. */
    private final class Recorder implements KvSyncListener {
        private final MeterRegistry registry;
        private final Map<Class<?>, EntityMeters> byEntity = new ConcurrentHashMap<>();
        private final Timer storeOk;
        private final Timer storeFailed;

        Recorder(MeterRegistry registry) {
            this.registry = registry;
            this.storeOk = storeTimer("ok");
            this.storeFailed = storeTimer("failed");
        }

        private Timer storeTimer(String result) {
            return Timer.builder("kvsync.store.write").tags(tags).tag("result", result).publishPercentiles(PERCENTILES)
                    .description("Each call to the store's write, carrying a batch of keys").register(registry);
        }

        @Override
        public void onReport(SyncReport report) {
            // Void stands for "no entity type" (a write enqueued by raw key): the map takes no null key.
            Class<?> type = report.entityType() == null ? Void.class : report.entityType();
            EntityMeters meters = byEntity.computeIfAbsent(type,
                    t -> new EntityMeters(t == Void.class ? UNKNOWN_ENTITY : t.getSimpleName()));
            if (report.attempt() > 1) {
                meters.retried.increment();
            }
            if (report.ok()) {
                meters.written.increment();
                meters.lag.record(report.latency());
            } else if (report.error() instanceof KvSyncKeyConflictException) {
                meters.conflicts.increment();
            } else {
                meters.failed.increment();
            }
        }

        @Override
        public void onStoreWrite(int writes, long elapsedNanos, Throwable error) {
            (error == null ? storeOk : storeFailed).record(elapsedNanos, TimeUnit.NANOSECONDS);
        }

        /** One entity type's counters and lag timer in this registry. */
        private final class EntityMeters {
            final Counter written;
            final Counter failed;
            final Counter retried;
            final Counter conflicts;
            final Timer lag;

            EntityMeters(String entity) {
                Tags entityTags = tags.and("entity", entity);
                written = counter("kvsync.writes.written", "Key writes the store acknowledged", entityTags);
                failed = counter("kvsync.writes.failed", "Failed write attempts and dropped writes", entityTags);
                retried = counter("kvsync.writes.retried", "Write attempts after a key's first", entityTags);
                conflicts = counter("kvsync.writes.conflicts",
                        "Claims dropped because another entity took the key, and hand-overs of uncertain order", entityTags);
                lag = Timer.builder("kvsync.lag").tags(entityTags).publishPercentiles(PERCENTILES)
                        .description("From the commit to the store's acknowledgement, per key").register(registry);
            }

            private Counter counter(String name, String description, Tags entityTags) {
                return Counter.builder(name).tags(entityTags).baseUnit("writes").description(description).register(registry);
            }
        }
    }

    /**
     * The Redis store's near-cache counters. In a class of its own so that nothing here loads
     * {@code RedisKvStore} when {@code kvsync-store-redis} is not on the classpath.
     */
    private static final class NearCacheMeters {

        static boolean applies(KvSync kv) {
            try {
                return RedisStoreProbe.hasNearCache(kv);
            } catch (LinkageError absent) {
                return false; // kvsync-store-redis is not on the classpath: no near cache to show
            }
        }

        static void register(KvSync kv, Tags tags, MeterRegistry registry) {
            FunctionCounter.builder("kvsync.nearcache.hits", kv, k -> RedisStoreProbe.nearCacheHits(k)).tags(tags)
                    .description("Reads answered from the Redis store's near cache").register(registry);
            FunctionCounter.builder("kvsync.nearcache.misses", kv, k -> RedisStoreProbe.nearCacheMisses(k)).tags(tags)
                    .description("Reads the Redis store's near cache sent to Redis").register(registry);
        }
    }
}
