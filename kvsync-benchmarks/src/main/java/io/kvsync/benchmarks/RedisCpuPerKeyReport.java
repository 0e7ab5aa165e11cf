package io.kvsync.benchmarks;

import io.kvsync.store.redis.RedisKvStore;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one key write costs Redis itself: row 1's replication (300-byte values, 3 keys per entity, engine
 * defaults), versioned (the fencing script) and unversioned, against {@code redis-benchmark}'s SETs, with
 * {@code redis-server}'s CPU time per key write read from {@code /proc} around each run. The figure that
 * tells one fencing design from another, whatever the JVM's own speed (row 1b is bound by it).
 *
 * <p>Run: {@code java -cp kvsync-benchmarks/target/benchmarks.jar io.kvsync.benchmarks.RedisCpuPerKeyReport};
 * system properties {@code kvsync.bench.redis-uri}, {@code kvsync.bench.entities} (default 100000),
 * {@code kvsync.bench.rounds} (default 5; the first is warm-up); {@code kvsync.bench.redis-cluster}, the
 * comma-separated URIs of a Redis Cluster's masters ({@code scripts/redis-cluster.sh start}), runs it there
 * instead: the store in cluster mode, {@code redis-benchmark --cluster}, and the CPU of every node of the
 * cluster (replicas included, which replay the writes). A second table splits this JVM's CPU per key write by
 * thread group ({@link ThreadCpu}). Linux only. Its keys are removed after each run.
 */
public final class RedisCpuPerKeyReport {

    private RedisCpuPerKeyReport() {
    }

    public static void main(String[] args) throws Exception {
        String redisUri = System.getProperty("kvsync.bench.redis-uri", "redis://127.0.0.1:6379");
        int entities = Integer.getInteger("kvsync.bench.entities", 100_000);
        int rounds = Integer.getInteger("kvsync.bench.rounds", 5);
        if (rounds < 1) {
            throw new IllegalArgumentException("kvsync.bench.rounds must be at least 1 (a warm-up runs besides), not " + rounds);
        }
        String clusterProperty = System.getProperty("kvsync.bench.redis-cluster", "");
        List<String> cluster = clusterProperty.isBlank() ? List.of() : List.of(clusterProperty.split("\\s*,\\s*"));
        URI address = URI.create(cluster.isEmpty() ? redisUri : cluster.get(0));
        // redis-server names itself by its address, and "[cluster]" when it is a cluster node.
        String redisProcess = cluster.isEmpty() ? "redis-server " + address.getHost() + ":" + address.getPort() : "[cluster]";
        RedisBenchmarkTool peer = new RedisBenchmarkTool(address, 1_000_000, !cluster.isEmpty());
        if (!cluster.isEmpty()) {
            System.out.println("Redis Cluster: " + cluster + "; Redis CPU is that of every node, replicas included");
        }
        String prefix = "kvsync-bench-cpu-key-" + Long.toString(System.currentTimeMillis(), 36) + ":";
        List<Double> versionedCpu = new ArrayList<>();
        List<Double> versionedRate = new ArrayList<>();
        List<Double> plainCpu = new ArrayList<>();
        List<Double> plainRate = new ArrayList<>();
        List<Double> peerCpu = new ArrayList<>();
        List<Double> peerRate = new ArrayList<>();
        System.out.println("| round | versioned: key writes/s | Redis CPU µs/key | unversioned: key writes/s | Redis CPU µs/key "
                + "| redis-benchmark SET/s | Redis CPU µs/SET |");
        System.out.println("|---|---|---|---|---|---|---|");
        List<String> jvmRows = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            double[] versionedRun = replicate(redisUri, cluster, redisProcess, prefix, entities, true);
            double versioned = versionedRun[0];
            double versionedMicros = versionedRun[1];
            double[] plainRun = replicate(redisUri, cluster, redisProcess, prefix, entities, false);
            double plain = plainRun[0];
            double plainMicros = plainRun[1];
            jvmRows.add(String.format(Locale.ROOT, "| %d%s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |", round,
                    round == 0 ? " (warm-up)" : "", versionedRun[2], versionedRun[3], versionedRun[4], versionedRun[5],
                    plainRun[2], plainRun[3], plainRun[4], plainRun[5]));
            long before = ProcessCpu.nanos(redisProcess);
            double sets = peer.setsPerSecond();
            double peerMicros = (ProcessCpu.nanos(redisProcess) - before) / 1e3 / 1_000_000;
            System.out.printf(Locale.ROOT, "| %d%s | %,.0f | %.2f | %,.0f | %.2f | %,.0f | %.2f |%n", round,
                    round == 0 ? " (warm-up)" : "", versioned, versionedMicros, plain, plainMicros, sets, peerMicros);
            if (round > 0) {
                versionedRate.add(versioned);
                versionedCpu.add(versionedMicros);
                plainRate.add(plain);
                plainCpu.add(plainMicros);
                peerRate.add(sets);
                peerCpu.add(peerMicros);
            }
        }
        System.out.printf(Locale.ROOT, "| median | %,.0f (%.2f of redis-benchmark) | %.2f | %,.0f (%.2f) | %.2f | %,.0f | %.2f |%n",
                Median.of(versionedRate), Median.of(versionedRate) / Median.of(peerRate), Median.of(versionedCpu),
                Median.of(plainRate), Median.of(plainRate) / Median.of(peerRate), Median.of(plainCpu),
                Median.of(peerRate), Median.of(peerCpu));
        System.out.println();
        System.out.println("This JVM's CPU per key write, µs, by thread (the enqueuing thread marshals, builds keys and queues):");
        System.out.println("| round | versioned: enqueuing thread | KVSync workers | Lettuce | JIT and GC "
                + "| unversioned: enqueuing thread | KVSync workers | Lettuce | JIT and GC |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        jvmRows.forEach(System.out::println);
        System.out.println("Load average (1, 5, 15 min) at the end: " + LoadAverage.now());
    }

    /**
     * One replication run: key writes per second, and Redis's CPU per key write in microseconds, counted
     * from the first write to the last acknowledgement (not the connection, nor the clean-up after).
     */
    private static double[] replicate(String redisUri, List<String> cluster, String redisProcess, String prefix, int entities,
                                      boolean versioned) {
        RedisKvStore store = cluster.isEmpty() ? RedisKvStore.builder().uri(redisUri).prefix(prefix).build()
                : RedisKvStore.builder().uris(cluster).cluster(true).prefix(prefix).build();
        try {
            long before = ProcessCpu.nanos(redisProcess);
            ReplicationRun.Result run = ReplicationRun.run(store, Map.of(), entities, versioned);
            double micros = (ProcessCpu.nanos(redisProcess) - before) / 1e3 / run.keyWrites();
            return new double[] {run.keyWritesPerSecond(), micros, run.microsPerKey(ThreadCpu.Group.MAIN),
                    run.microsPerKey(ThreadCpu.Group.KVSYNC_WORKERS), run.microsPerKey(ThreadCpu.Group.LETTUCE),
                    run.microsPerKey(ThreadCpu.Group.JIT_AND_GC)};
        } finally {
            // On a cluster, each master lists and deletes its own keys.
            if (cluster.isEmpty()) {
                RedisKeys.deleteMatching(redisUri, prefix + "*");
            }
            for (String master : cluster) {
                RedisKeys.deleteMatchingOnClusterNode(master, prefix + "*");
            }
        }
    }
}
