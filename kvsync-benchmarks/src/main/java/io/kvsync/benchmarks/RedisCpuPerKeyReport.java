package io.kvsync.benchmarks;

import io.kvsync.spi.KvWrite;
import io.kvsync.store.redis.RedisKvStore;
import io.kvsync.store.redis.SetIfAbsent;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one key write costs Redis itself: row 1's replication (300-byte values, 3 keys per entity, engine
 * defaults), versioned over new keys (with the store's default {@link SetIfAbsent#AUTO}, then fenced directly),
 * versioned over held keys (an update: the same keys written once before at a lower version, unmeasured), and
 * unversioned, against {@code redis-benchmark}'s SETs, with
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
        List<Arm> arms = List.of(
                new Arm("versioned, new keys (SET … NX first)", SetIfAbsent.AUTO, 1, false),
                new Arm("versioned, new keys, fenced directly", SetIfAbsent.NEVER, 1, false),
                new Arm("versioned, updates of held keys", SetIfAbsent.AUTO, 2, true),
                new Arm("versioned, updates of held keys, never set-if-absent", SetIfAbsent.NEVER, 2, true),
                new Arm("unversioned", SetIfAbsent.AUTO, KvWrite.UNVERSIONED, false));
        Map<Arm, List<Double>> rates = new LinkedHashMap<>();
        Map<Arm, List<Double>> redisCpu = new LinkedHashMap<>();
        List<Double> peerCpu = new ArrayList<>();
        List<Double> peerRate = new ArrayList<>();
        StringBuilder header = new StringBuilder("| round |");
        arms.forEach(arm -> header.append(' ').append(arm.name).append(": key writes/s | Redis CPU µs/key |"));
        System.out.println(header + " redis-benchmark SET/s | Redis CPU µs/SET |");
        System.out.println("|---|" + "---|---|".repeat(arms.size()) + "---|---|");
        List<String> jvmRows = new ArrayList<>();
        for (int round = 0; round <= rounds; round++) {
            String roundName = round + (round == 0 ? " (warm-up)" : "");
            StringBuilder row = new StringBuilder("| " + roundName + " |");
            StringBuilder jvmRow = new StringBuilder("| " + roundName + " |");
            for (Arm arm : arms) {
                double[] run = replicate(redisUri, cluster, redisProcess, prefix, entities, arm);
                row.append(String.format(Locale.ROOT, " %,.0f | %.2f |", run[0], run[1]));
                jvmRow.append(String.format(Locale.ROOT, " %.2f | %.2f | %.2f | %.2f |", run[2], run[3], run[4], run[5]));
                if (round > 0) {
                    rates.computeIfAbsent(arm, a -> new ArrayList<>()).add(run[0]);
                    redisCpu.computeIfAbsent(arm, a -> new ArrayList<>()).add(run[1]);
                }
            }
            jvmRows.add(jvmRow.toString());
            long before = ProcessCpu.nanos(redisProcess);
            double sets = peer.setsPerSecond();
            double peerMicros = (ProcessCpu.nanos(redisProcess) - before) / 1e3 / 1_000_000;
            System.out.printf(Locale.ROOT, "%s %,.0f | %.2f |%n", row, sets, peerMicros);
            if (round > 0) {
                peerRate.add(sets);
                peerCpu.add(peerMicros);
            }
        }
        StringBuilder medians = new StringBuilder("| median |");
        for (Arm arm : arms) {
            medians.append(String.format(Locale.ROOT, " %,.0f (%.2f of redis-benchmark) | %.2f |", Median.of(rates.get(arm)),
                    Median.of(rates.get(arm)) / Median.of(peerRate), Median.of(redisCpu.get(arm))));
        }
        System.out.printf(Locale.ROOT, "%s %,.0f | %.2f |%n", medians, Median.of(peerRate), Median.of(peerCpu));
        System.out.println();
        System.out.println("This JVM's CPU per key write, µs, by thread (the enqueuing thread marshals, builds keys and queues):");
        StringBuilder jvmHeader = new StringBuilder("| round |");
        arms.forEach(arm -> jvmHeader.append(' ').append(arm.name)
                .append(": enqueuing thread | KVSync workers | Lettuce | JIT and GC |"));
        System.out.println(jvmHeader);
        System.out.println("|---|" + "---|---|---|---|".repeat(arms.size()));
        jvmRows.forEach(System.out::println);
        System.out.println("Load average (1, 5, 15 min) at the end: " + LoadAverage.now());
    }

    /**
     * One way of replicating: the store's {@link SetIfAbsent} mode, the version every write carries, and whether
     * the keys are first written (unmeasured) at a lower version, so that the measured run updates held keys.
     */
    private record Arm(String name, SetIfAbsent setIfAbsent, long version, boolean updates) {
    }

    /**
     * One replication run: key writes per second, and Redis's CPU per key write in microseconds, counted
     * from the first write to the last acknowledgement (not the connection, nor the clean-up after).
     */
    private static double[] replicate(String redisUri, List<String> cluster, String redisProcess, String prefix, int entities,
                                      Arm arm) {
        try {
            String run = Long.toString(System.nanoTime(), 36);
            if (arm.updates()) {
                // Its own store: the engine closes the store it was given.
                ReplicationRun.run(store(redisUri, cluster, prefix, arm), Map.of(), entities, arm.version() - 1, run);
            }
            RedisKvStore store = store(redisUri, cluster, prefix, arm);
            long before = ProcessCpu.nanos(redisProcess);
            ReplicationRun.Result result = ReplicationRun.run(store, Map.of(), entities, arm.version(), run);
            double micros = (ProcessCpu.nanos(redisProcess) - before) / 1e3 / result.keyWrites();
            return new double[] {result.keyWritesPerSecond(), micros, result.microsPerKey(ThreadCpu.Group.MAIN),
                    result.microsPerKey(ThreadCpu.Group.KVSYNC_WORKERS), result.microsPerKey(ThreadCpu.Group.LETTUCE),
                    result.microsPerKey(ThreadCpu.Group.JIT_AND_GC)};
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

    private static RedisKvStore store(String redisUri, List<String> cluster, String prefix, Arm arm) {
        return (cluster.isEmpty() ? RedisKvStore.builder().uri(redisUri) : RedisKvStore.builder().uris(cluster).cluster(true))
                .prefix(prefix).setIfAbsent(arm.setIfAbsent()).build();
    }
}
