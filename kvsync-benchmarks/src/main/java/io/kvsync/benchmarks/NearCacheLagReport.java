package io.kvsync.benchmarks;

import io.kvsync.spi.KvWrite;
import io.kvsync.store.redis.RedisKvStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How long another client's change takes to reach a near-cached store: a key the store holds is set by a
 * second connection, and from that {@code SET}'s reply the store is polled (every 10 µs or so) until it
 * reads the new value. That is Redis's invalidation push arriving plus the one read from Redis that follows
 * it. Without the near cache the next read already sees the change.
 *
 * <p>Run: {@code java -cp kvsync-benchmarks/target/benchmarks.jar io.kvsync.benchmarks.NearCacheLagReport};
 * system properties {@code kvsync.bench.redis-uri} (default {@value RedisStoreReport#DEFAULT_URI}) and
 * {@code kvsync.bench.changes} (default 2000). Its one key is removed at the end.
 */
public final class NearCacheLagReport {

    private static final String PREFIX = "kvsync-bench-lag:";

    private NearCacheLagReport() {
    }

    public static void main(String[] args) {
        String uri = RedisStoreReport.redisUri();
        int changes = Integer.getInteger("kvsync.bench.changes", 2_000);
        RedisClient rawClient = RedisClient.create(uri);
        try (RedisKvStore store = RedisKvStore.builder().uri(uri).prefix(PREFIX).nearCache(16).build()) {
            RedisCommands<String, String> other = rawClient.connect().sync();
            store.write(List.of(KvWrite.Put.of("k", bytes("0"))));
            Histogram lags = new Histogram(3);
            for (int change = 1; change <= changes; change++) {
                read(store);
                String value = Integer.toString(change);
                other.set(PREFIX + "k", value);
                long acknowledged = System.nanoTime();
                while (!value.equals(read(store))) {
                    LockSupport.parkNanos(10_000);
                }
                lags.recordValue(System.nanoTime() - acknowledged);
            }
            other.del(PREFIX + "k");
            System.out.printf(Locale.ROOT, "| other client's SET acknowledged → near-cached store reads it | p50 %.0f µs | p99 %.0f µs"
                            + " | max %.0f µs | %,d changes |%n", lags.getValueAtPercentile(50) / 1e3,
                    lags.getValueAtPercentile(99) / 1e3, lags.getMaxValue() / 1e3, changes);
            System.out.println("Load average (1, 5, 15 min) at the end: " + LoadAverage.now() + "; store " + store.nearCacheStats());
        } finally {
            rawClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static String read(RedisKvStore store) {
        byte[] value = store.read(List.of("k")).get("k");
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
