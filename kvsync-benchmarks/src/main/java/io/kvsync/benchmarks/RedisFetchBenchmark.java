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
 * {@code GET} of the same key plus unmarshaling the same bytes. Redis at {@code -Dkvsync.bench.redis-uri}
 * (default {@value RedisStoreReport#DEFAULT_URI}). Run:
 * {@code java -jar kvsync-benchmarks/target/benchmarks.jar RedisFetchBenchmark -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisFetchBenchmark {

    private static final String PREFIX = "kvsync-bench-fetch:";

    private KvSync kv;
    private Parcel probe;
    private String key;
    private RedisClient rawClient;
    private StatefulRedisConnection<byte[], byte[]> rawConnection;
    private RedisCommands<byte[], byte[]> raw;
    private byte[] rawKey;
    private Marshaler marshaler;

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
        if (!parcel.equals(kvsyncFetch()) || !parcel.equals(rawGetAndUnmarshal())) {
            throw new IllegalStateException("the benchmark does not read back what it wrote");
        }
    }

    @TearDown
    public void tearDown() {
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

    /** The floor: Lettuce's synchronous GET and the same unmarshal. */
    @Benchmark
    public Parcel rawGetAndUnmarshal() {
        return marshaler.unmarshal(raw.get(rawKey), Parcel.class);
    }
}
