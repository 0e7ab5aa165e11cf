package io.kvsync.engine;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.api.SyncReport;
import io.kvsync.engine.internal.ConfigLoader;
import io.kvsync.engine.internal.EngineSettings;
import io.kvsync.engine.internal.EngineStats;
import io.kvsync.engine.internal.ProviderSelector;
import io.kvsync.engine.internal.Reporter;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvStoreProvider;
import io.kvsync.spi.KvSyncConfig;
import io.kvsync.spi.Marshaler;
import io.kvsync.spi.MarshalerProvider;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a {@link KvSync}. Every setting is optional. What is not set here comes from, in order:
 * system properties {@code kvsync.*}, environment variables {@code KVSYNC_*}, and
 * {@code kvsync.properties} on the class path; then the documented defaults.
 *
 * <p>The store and the marshaler are, unless given here: the provider named by {@code kvsync.store} /
 * {@code kvsync.marshaler}, else the provider with the highest priority found by
 * {@link java.util.ServiceLoader}. None found, or a name that matches none, fails {@link #build()} with a
 * {@link KvSyncConfigurationException} that names the artifact to add: KVSync never falls back to a
 * store that silently drops writes.
 *
 * <p>Not thread-safe; build once and share the {@link KvSync}.
 */
public final class KvSyncBuilder {

    private static final System.Logger LOG = System.getLogger("io.kvsync.engine");

    private static final Map<String, String> STORE_ARTIFACTS = orderedMap(
            "redis", "io.kvsync:kvsync-store-redis",
            "hazelcast", "io.kvsync:kvsync-store-hazelcast",
            "memory", "io.kvsync:kvsync-store-memory");
    private static final Map<String, String> MARSHALER_ARTIFACTS = orderedMap(
            "bson", "io.kvsync:kvsync-marshal-bson",
            "json", "io.kvsync:kvsync-marshal-json");

    private final Map<String, String> settings = new LinkedHashMap<>();
    private KvStore store;
    private Marshaler marshaler;
    private Consumer<SyncReport> onReport;
    private ClassLoader classLoader;
    private List<KvStoreProvider> storeProviders;
    private List<MarshalerProvider> marshalerProviders;

    KvSyncBuilder() {
    }

    /** Uses this store instead of discovering one; {@link KvSync#close()} closes it. */
    public KvSyncBuilder store(KvStore store) {
        this.store = Objects.requireNonNull(store, "store");
        return this;
    }

    /** Uses this marshaler instead of discovering one. */
    public KvSyncBuilder marshaler(Marshaler marshaler) {
        this.marshaler = Objects.requireNonNull(marshaler, "marshaler");
        return this;
    }

    /** Receives a report for every write attempt, on a worker thread. */
    public KvSyncBuilder onReport(Consumer<SyncReport> onReport) {
        this.onReport = onReport;
        return this;
    }

    /** Number of worker threads taking batches from the queue ({@code kvsync.workers}, default 4). */
    public KvSyncBuilder workers(int workers) {
        return property(EngineSettings.WORKERS, Integer.toString(workers));
    }

    /** Bound on distinct pending keys ({@code kvsync.queue.capacity}, default 100,000). */
    public KvSyncBuilder queueCapacity(int capacity) {
        return property(EngineSettings.QUEUE_CAPACITY, Integer.toString(capacity));
    }

    /** How long an enqueue waits for room when the queue is full ({@code kvsync.queue.offer-timeout}, default 5s). */
    public KvSyncBuilder offerTimeout(Duration timeout) {
        return property(EngineSettings.OFFER_TIMEOUT, timeout.toString());
    }

    /** Most writes per store call ({@code kvsync.batch.size}, default 512). */
    public KvSyncBuilder batchSize(int batchSize) {
        return property(EngineSettings.BATCH_SIZE, Integer.toString(batchSize));
    }

    /**
     * How long a worker that has just written a batch waits for more writes before it writes a batch smaller
     * than the batch size ({@code kvsync.batch.linger}, default 0: at once). Meanwhile, and while a batch is
     * in flight, no write wakes another worker, so a steady stream of commits wakes no thread and shares store
     * calls; a write that finds every worker idle still goes at once. A linger trades up to that much
     * replication lag for less CPU per commit; a full batch, a {@code sync()} and {@code close()} end it
     * early, and while a batch is in flight a write that has waited longer than the linger wakes an idle
     * worker. Accepts {@code 1ms}, {@code 500us} or ISO-8601 such as {@code PT0.0005S}.
     */
    public KvSyncBuilder batchLinger(Duration linger) {
        return property(EngineSettings.BATCH_LINGER, linger.toString());
    }

    /**
     * Without a {@link #batchLinger batch linger}: how long a worker lingers after a batch while writes stream in
     * ({@code kvsync.batch.stream-linger}, default 50 µs; 0 never). A worker whose last wait for work ended within
     * this time waits up to this long after its next batch for more writes, instead of parking and being woken
     * by the very next one, so a fast stream shares wake-ups and store calls; a full batch, a {@code sync()} and
     * {@code close()} end it early. A write after a longer pause goes at once, so a lone commit waits for nothing.
     */
    public KvSyncBuilder batchStreamLinger(Duration linger) {
        return property(EngineSettings.BATCH_STREAM_LINGER, linger.toString());
    }

    /**
     * Retry delays after a failed batch: the first, doubling up to the cap
     * ({@code kvsync.retry.initial-backoff}, default 100ms; {@code kvsync.retry.max-backoff}, default 5s).
     */
    public KvSyncBuilder retryBackoff(Duration initial, Duration max) {
        property(EngineSettings.INITIAL_BACKOFF, initial.toString());
        return property(EngineSettings.MAX_BACKOFF, max.toString());
    }

    /** How long {@link KvSync#close()} drains ({@code kvsync.shutdown.timeout}, default 30s). */
    public KvSyncBuilder shutdownTimeout(Duration timeout) {
        return property(EngineSettings.SHUTDOWN_TIMEOUT, timeout.toString());
    }

    /** How long {@link KvSync#sync} and {@link KvSync#delete} wait ({@code kvsync.sync.timeout}, default 30s). */
    public KvSyncBuilder syncTimeout(Duration timeout) {
        return property(EngineSettings.SYNC_TIMEOUT, timeout.toString());
    }

    /** Time to live of every written entry ({@code kvsync.expiration}, default none). */
    public KvSyncBuilder expiration(Duration expiration) {
        return property(EngineSettings.EXPIRATION, expiration.toString());
    }

    /**
     * Most bytes one marshaled entity may take ({@code kvsync.max-value-size}, default 16 MiB); a larger
     * one is refused at enqueue with a {@link io.kvsync.api.MarshalException}, reported for each key.
     */
    public KvSyncBuilder maxValueSize(int bytes) {
        return property(EngineSettings.MAX_VALUE_SIZE, Integer.toString(bytes));
    }

    /**
     * How far apart the clocks of the instances sharing a store may be ({@code kvsync.clock-skew}, default
     * 100 ms): a key passed between two rows whose claims two instances stamped closer together than this
     * is reported with a {@link io.kvsync.api.KvSyncUncertainOrderException}. Zero reports none.
     */
    public KvSyncBuilder clockSkew(Duration skew) {
        return property(EngineSettings.CLOCK_SKEW, skew.toString());
    }

    /** Sets any {@code kvsync.*} setting, including those of store and marshaler providers. */
    public KvSyncBuilder property(String key, String value) {
        settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Sets several {@code kvsync.*} settings. */
    public KvSyncBuilder properties(Map<String, String> properties) {
        properties.forEach(this::property);
        return this;
    }

    /** The class loader for provider discovery and {@code kvsync.properties} (default: the context class loader). */
    public KvSyncBuilder classLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
        return this;
    }

    /** Replaces {@link java.util.ServiceLoader} discovery of stores; for tests. */
    KvSyncBuilder storeProviders(List<KvStoreProvider> providers) {
        this.storeProviders = List.copyOf(providers);
        return this;
    }

    /** Replaces {@link java.util.ServiceLoader} discovery of marshalers; for tests. */
    KvSyncBuilder marshalerProviders(List<MarshalerProvider> providers) {
        this.marshalerProviders = List.copyOf(providers);
        return this;
    }

    /**
     * Builds and starts the engine (its worker threads).
     *
     * @throws KvSyncConfigurationException when a setting is invalid or no store or marshaler can be found
     */
    public KvSync build() {
        ClassLoader loader = classLoader != null ? classLoader : defaultClassLoader();
        KvSyncConfig config = ConfigLoader.load(settings, loader);
        EngineSettings engineSettings = EngineSettings.from(config);
        Marshaler chosenMarshaler = marshaler != null ? marshaler : discoverMarshaler(config, loader);
        KvStore chosenStore = store != null ? store : discoverStore(config, loader);
        EngineStats stats = new EngineStats();
        LOG.log(Level.INFO, () -> "KVSync started: store " + chosenStore.getClass().getName() + ", marshaler "
                + chosenMarshaler.name() + ", " + engineSettings);
        return new KvSync(chosenStore, chosenMarshaler, config, engineSettings, stats, new Reporter(onReport));
    }

    private Marshaler discoverMarshaler(KvSyncConfig config, ClassLoader loader) {
        List<MarshalerProvider> candidates = marshalerProviders != null ? marshalerProviders
                : ProviderSelector.discover(MarshalerProvider.class, loader);
        return new ProviderSelector<>("Marshaler", "kvsync.marshaler", MarshalerProvider::name,
                MarshalerProvider::priority, MARSHALER_ARTIFACTS, "marshaler")
                .select(candidates, config.get("kvsync.marshaler"))
                .create(config);
    }

    private KvStore discoverStore(KvSyncConfig config, ClassLoader loader) {
        List<KvStoreProvider> candidates = storeProviders != null ? storeProviders
                : ProviderSelector.discover(KvStoreProvider.class, loader);
        return new ProviderSelector<>("KvStore", "kvsync.store", KvStoreProvider::name,
                KvStoreProvider::priority, STORE_ARTIFACTS, "store")
                .select(candidates, config.get("kvsync.store"))
                .create(config);
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : KvSyncBuilder.class.getClassLoader();
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
