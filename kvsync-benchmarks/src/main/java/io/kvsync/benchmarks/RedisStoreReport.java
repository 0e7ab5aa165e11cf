package io.kvsync.benchmarks;

import io.kvsync.store.redis.RedisClientLibrary;
import io.kvsync.store.redis.RedisKvStore;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the Redis store against Redis itself, in one run, and prints a Markdown table:
 * replication throughput through {@code KvSync} (key writes per second, 300-byte values) with each
 * client library, next to {@code redis-benchmark -t set -P 16 -d 300 -q} run before and after; and
 * {@code fetch} latency against a raw Lettuce {@code GET} plus unmarshal ({@link RedisFetchBenchmark}).
 *
 * <p>Run: {@code java -cp kvsync-benchmarks/target/benchmarks.jar io.kvsync.benchmarks.RedisStoreReport};
 * system properties {@code kvsync.bench.redis-uri} (default {@value #DEFAULT_URI}),
 * {@code kvsync.bench.entities} (default 200000, three keys each), {@code kvsync.bench.rounds} (default 5).
 * It writes keys under {@value #PREFIX} and deletes them at the end.
 */
public final class RedisStoreReport {

    static final String DEFAULT_URI = "redis://127.0.0.1:6379";
    private static final String PREFIX = "kvsync-bench:";

    private RedisStoreReport() {
    }

    static String redisUri() {
        return System.getProperty("kvsync.bench.redis-uri", DEFAULT_URI);
    }

    public static void main(String[] args) throws Exception {
        int entities = Integer.getInteger("kvsync.bench.entities", 200_000);
        int rounds = Integer.getInteger("kvsync.bench.rounds", 5);
        URI uri = URI.create(redisUri());
        RedisBenchmarkTool redisBenchmark = new RedisBenchmarkTool(uri, 1_000_000);

        double before = redisBenchmark.setsPerSecond();
        String loadBefore = LoadAverage.now();
        Map<String, List<Double>> replication = new LinkedHashMap<>();
        for (RedisClientLibrary library : RedisClientLibrary.values()) {
            // Warm-up (JIT, connections, Redis memory): measured, Lettuce's rate climbs for about three
            // full-size runs, so two full-size runs go untimed.
            replicate(library, entities);
            replicate(library, entities);
            List<Double> rates = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                rates.add(replicate(library, entities));
            }
            replication.put(library.name().toLowerCase(Locale.ROOT), rates);
            System.err.printf(Locale.ROOT, "%s rounds: %s%n", library, rates);
        }
        double after = redisBenchmark.setsPerSecond();
        RedisKeys.deleteMatching(uri.toString(), PREFIX + "*");
        Map<String, Double> fetch = fetchLatencies();
        RedisKeys.deleteMatching(uri.toString(), "kvsync-bench-fetch:*");

        double reference = (before + after) / 2;
        StringBuilder table = new StringBuilder();
        table.append("| measurement | result | ratio |\n|---|---|---|\n");
        table.append(row("`" + redisBenchmark.commandLine() + "` (before / after)",
                String.format(Locale.ROOT, "%,.0f / %,.0f SET/s", before, after), "1 (reference: the mean)"));
        replication.forEach((library, rates) -> {
            double median = Median.of(rates);
            double best = rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            table.append(row("KvSync replication, " + library + ", " + entities + " entities × 3 keys, median (best) of "
                            + rounds + " rounds",
                    String.format(Locale.ROOT, "%,.0f (%,.0f) key writes/s", median, best),
                    String.format(Locale.ROOT, "%.2f (%.2f) of redis-benchmark (target ≥ 0.5)", median / reference,
                            best / reference)));
        });
        double floor = fetch.get("rawGetAndUnmarshal");
        table.append(row("raw Lettuce `GET` + unmarshal", String.format(Locale.ROOT, "%.1f µs", floor), "1 (reference)"));
        table.append(row("`kvSync.fetch(probe, \"uuid\")`", String.format(Locale.ROOT, "%.1f µs", fetch.get("kvsyncFetch")),
                String.format(Locale.ROOT, "%.2fx (target ≤ 1.15x)", fetch.get("kvsyncFetch") / floor)));
        table.append(row("`kvSync.fetchByKey(Parcel.class, key)`",
                String.format(Locale.ROOT, "%.1f µs", fetch.get("kvsyncFetchByKey")),
                String.format(Locale.ROOT, "%.2fx", fetch.get("kvsyncFetchByKey") / floor)));
        table.append(row("`kvSync.fetch(probe, \"uuid\")` with the near cache, a hit",
                String.format(Locale.ROOT, "%.1f µs", fetch.get("nearCacheHit")),
                String.format(Locale.ROOT, "%.2fx", fetch.get("nearCacheHit") / floor)));
        table.append(row("`kvSync.fetch(probe, \"uuid\")` with the near cache, a miss (GET and PTTL)",
                String.format(Locale.ROOT, "%.1f µs", fetch.get("nearCacheMiss")),
                String.format(Locale.ROOT, "%.2fx", fetch.get("nearCacheMiss") / floor)));
        System.out.println();
        System.out.print(table);
        System.out.println();
        System.out.println("Load average (1, 5, 15 min) before / after: " + loadBefore + " / " + LoadAverage.now()
                + "; engine defaults (4 workers, batches of 512); " + Runtime.getRuntime().availableProcessors() + " CPUs.");
    }

    private static double replicate(RedisClientLibrary library, int entities) {
        RedisKvStore store = RedisKvStore.builder().uri(redisUri()).clientLibrary(library).prefix(PREFIX).build();
        // The engine's defaults (4 workers, batches of 512): what an application gets without tuning.
        try {
            return ReplicationRun.keyWritesPerSecond(store, Map.of(), entities);
        } finally {
            // Each run starts from the same keyspace, instead of Redis growing by 600,000 keys a run.
            RedisKeys.deleteMatching(redisUri(), PREFIX + "*");
        }
    }

    private static Map<String, Double> fetchLatencies() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(RedisFetchBenchmark.class.getName())
                .forks(1).warmupIterations(3).warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                .measurementIterations(5).measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(2))
                .jvmArgsAppend("-Dkvsync.bench.redis-uri=" + redisUri())
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Double> latencies = new LinkedHashMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            latencies.put(label.substring(label.lastIndexOf('.') + 1), result.getPrimaryResult().getScore());
        }
        return latencies;
    }

    private static String row(String measurement, String result, String ratio) {
        return "| " + measurement + " | " + result + " | " + ratio + " |\n";
    }
}
