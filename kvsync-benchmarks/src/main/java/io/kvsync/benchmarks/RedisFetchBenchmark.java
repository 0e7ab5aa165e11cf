package io.kvsync.benchmarks;

import io.kvsync.engine.KvSync;
import io.kvsync.spi.Marshaler;
import io.kvsync.store.redis.RedisKvStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The latency of {@link KvSync#fetch} on the Redis store against the floor it stands on: a raw Lettuce
 * {@code GET} of the same key plus unmarshaling the same bytes; and with the store's near cache, a hit (the
 * same key again) and a miss (a different key each time, among {@value #MISS_KEYS}, with room for 16). Redis at {@code -Dkvsync.bench.redis-uri}
 * (default {@value RedisStoreReport#DEFAULT_URI}). Run:
 * {@code java -jar kvsync-benchmarks/target/benchmarks.jar RedisFetchBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisFetchBenchmark {

    private static final String PREFIX = "kvsync-bench-fetch:";
    static final int MISS_KEYS = 20_000;

    private KvSync kv;
    private Parcel probe;
    private String key;
    private RedisClient rawClient;
    private StatefulRedisConnection<byte[], byte[]> rawConnection;
    private RedisCommands<byte[], byte[]> raw;
    private byte[] rawKey;
    private Marshaler marshaler;
    private KvSync nearCached;
    private Parcel[] missProbes;
    private int nextMiss;

    @Setup
    public void setUp() {
        String uri = RedisStoreReport.redisUri();
        kv = KvSync.builder().store(RedisKvStore.builder().uri(uri).prefix(PREFIX).expiration(Duration.ofHours(1)).build()).build();
        marshaler = kv.marshaler();
        Parcel parcel = new ParcelFactory(marshaler, ReplicationRun.VALUE_BYTES).parcel(42, "fetch");
        kv.sync(parcel);
        probe = parcel;
        key = parcel.syncKeys().get("uuid");
        rawClient = RedisClient.create(uri);
        rawConnection = rawClient.connect(ByteArrayCodec.INSTANCE);
        raw = rawConnection.sync();
        rawKey = (PREFIX + key).getBytes(StandardCharsets.UTF_8);
        nearCached = KvSync.builder().store(RedisKvStore.builder().uri(uri).prefix(PREFIX).nearCache(16).build()).build();
        ParcelFactory parcels = new ParcelFactory(marshaler, ReplicationRun.VALUE_BYTES);
        missProbes = new Parcel[MISS_KEYS];
        for (int i = 0; i < MISS_KEYS; i++) {
            missProbes[i] = parcels.parcel(1_000 + i, "miss");
            kv.enqueue(missProbes[i]);
        }
        if (!kv.awaitIdle(Duration.ofMinutes(1))) {
            throw new IllegalStateException("the parcels to miss were not written within a minute");
        }
        if (!parcel.equals(kvsyncFetch()) || !parcel.equals(rawGetAndUnmarshal()) || !parcel.equals(nearCacheHit())
                || !missProbes[0].equals(nearCacheMiss())) {
            throw new IllegalStateException("the benchmark does not read back what it wrote");
        }
    }

    @TearDown
    public void tearDown() {
        nearCached.close();
        kv.close();
        rawConnection.close();
        rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    /** The application's call: the probe's key by name, one store read, unmarshal. */
    @Benchmark
    public Parcel kvsyncFetch() {
        return kv.fetch(probe, "uuid").orElseThrow();
    }

    /** By key, without building the probe's key map. */
    @Benchmark
    public Parcel kvsyncFetchByKey() {
        return kv.fetchByKey(Parcel.class, key).orElseThrow();
    }

    /** With the near cache, the same key again: answered from memory. */
    @Benchmark
    public Parcel nearCacheHit() {
        return nearCached.fetch(probe, "uuid").orElseThrow();
    }

    /** With the near cache, a key it does not hold: a GET and a PTTL in one round trip, then kept. */
    @Benchmark
    public Parcel nearCacheMiss() {
        Parcel next = missProbes[nextMiss];
        nextMiss = (nextMiss + 1) % MISS_KEYS;
        return nearCached.fetch(next, "uuid").orElseThrow();
    }

    /** The floor: Lettuce's synchronous GET and the same unmarshal. */
    @Benchmark
    public Parcel rawGetAndUnmarshal() {
        return marshaler.unmarshal(raw.get(rawKey), Parcel.class);
    }
}
