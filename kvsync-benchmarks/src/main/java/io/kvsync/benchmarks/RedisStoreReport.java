package io.kvsync.benchmarks;

import io.kvsync.store.redis.RedisClientLibrary;
import io.kvsync.store.redis.RedisKvStore;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern RATE = Pattern.compile("SET: ([0-9.]+) requests per second");

    private RedisStoreReport() {
    }

    static String redisUri() {
        return System.getProperty("kvsync.bench.redis-uri", DEFAULT_URI);
    }

    public static void main(String[] args) throws Exception {
        int entities = Integer.getInteger("kvsync.bench.entities", 200_000);
        int rounds = Integer.getInteger("kvsync.bench.rounds", 5);
        URI uri = URI.create(redisUri());
        List<String> redisBenchmark = List.of("redis-benchmark", "-h", uri.getHost(), "-p", Integer.toString(uri.getPort()),
                "-t", "set", "-P", "16", "-d", "300", "-q", "-n", "1000000");

        double before = redisBenchmark(redisBenchmark);
        String loadBefore = loadAverage();
        Map<String, List<Double>> replication = new LinkedHashMap<>();
        for (RedisClientLibrary library : RedisClientLibrary.values()) {
            replicate(library, Math.max(1, entities / 4)); // warm-up: JIT, connections, Redis memory
            List<Double> rates = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                rates.add(replicate(library, entities));
            }
            replication.put(library.name().toLowerCase(Locale.ROOT), rates);
            System.err.printf(Locale.ROOT, "%s rounds: %s%n", library, rates);
        }
        double after = redisBenchmark(redisBenchmark);
        deleteKeys(uri.toString());
        Map<String, Double> fetch = fetchLatencies();

        double reference = (before + after) / 2;
        StringBuilder table = new StringBuilder();
        table.append("| measurement | result | ratio |\n|---|---|---|\n");
        table.append(row("`" + String.join(" ", redisBenchmark) + "` (before / after)",
                String.format(Locale.ROOT, "%,.0f / %,.0f SET/s", before, after), "1 (reference: the mean)"));
        replication.forEach((library, rates) -> {
            double median = median(rates);
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
        System.out.println();
        System.out.print(table);
        System.out.println();
        System.out.println("Load average (1, 5, 15 min) before / after: " + loadBefore + " / " + loadAverage()
                + "; engine defaults (4 workers, batches of 512); " + Runtime.getRuntime().availableProcessors() + " CPUs.");
    }

    private static double replicate(RedisClientLibrary library, int entities) {
        RedisKvStore store = RedisKvStore.builder().uri(redisUri()).clientLibrary(library).prefix(PREFIX).build();
        // The engine's defaults (4 workers, batches of 512): what an application gets without tuning.
        return ReplicationRun.keyWritesPerSecond(store, Map.of(), entities);
    }

    private static double redisBenchmark(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            output = String.join("\n", reader.lines().toList());
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        // -q rewrites its progress line with carriage returns; the last SET rate is the result.
        Matcher m = RATE.matcher(output);
        double rate = -1;
        while (m.find()) {
            rate = Double.parseDouble(m.group(1));
        }
        if (rate < 0) {
            throw new IllegalStateException("no SET rate in the output of " + String.join(" ", command) + ": " + output);
        }
        return rate;
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

    private static void deleteKeys(String uri) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            ScanArgs match = ScanArgs.Builder.matches(PREFIX + "*").limit(10_000);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<byte[]> page = connection.sync().scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    connection.sync().unlink(page.getKeys().toArray(new byte[0][]));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** The machine's load, which on a shared 2-core machine explains much of the spread between runs. */
    private static String loadAverage() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    private static String row(String measurement, String result, String ratio) {
        return "| " + measurement + " | " + result + " | " + ratio + " |\n";
    }
}
