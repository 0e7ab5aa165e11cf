package io.kvsync.benchmarks;

import io.kvsync.engine.KvSync;
import io.kvsync.hibernate.KvSyncHibernate;
import io.kvsync.store.redis.RedisClientLibrary;
import io.kvsync.store.redis.RedisKvStore;
import org.hibernate.SessionFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Where the CPU of scenario 2's commits goes: single-entity Hibernate transactions on PostgreSQL,
 * alternately without KVSync and with KVSync on Redis, and for each the wall time and the CPU time per
 * commit of this JVM (split by thread group with {@link ThreadCpu}: committing thread, KVSync's workers,
 * Lettuce, the JIT and GC), of {@code redis-server} and of PostgreSQL's processes, and Redis's socket reads
 * and commands per commit ({@link RedisCounters}). Explains a commit overhead that the committing thread's
 * own cost does not. Then the committing thread's CPU with ÷ without KVSync once more, in short blocks
 * rotating between the arms, which the machine's drift cannot tell apart, with an arm on a store that
 * does nothing and two floor arms ({@link FloorListener}): after-commit listeners that do nothing, and
 * listeners that only wake a thread per commit, the least a replication that starts at once can cost.
 *
 * <p>Run: {@code java -cp kvsync-benchmarks/target/benchmarks.jar io.kvsync.benchmarks.CommitCpuReport};
 * system properties {@code kvsync.bench.redis-uri}, {@code kvsync.bench.jdbc-url}, {@code kvsync.bench.commits}
 * (per arm and round, default 10000), {@code kvsync.bench.rounds} (default 6; the first two are warm-up),
 * {@code kvsync.bench.commit} ({@code insert}, the default: each commit persists a new shipment; or
 * {@code update}: each finds one of a thousand shipments and changes a field),
 * {@code kvsync.bench.redis-client} ({@code lettuce}, the default, or {@code jedis});
 * {@code kvsync.*} engine settings apply as usual. Linux only (reads {@code /proc}). Its schema and keys are
 * removed at the end.
 */
public final class CommitCpuReport {

    /** Commits per block of the paired measurement of the committing thread. */
    private static final int BLOCK = 50;

    /** How many rows the commits of {@code kvsync.bench.commit=update} take turns to update. */
    private static final int UPDATED_ROWS = 1_000;

    private CommitCpuReport() {
    }

    /** One commit that inserts a new shipment: a row's insert, whose keys are new. */
    private static void inserting(SessionFactory factory) {
        Shipment shipment = new Shipment(UUID.randomUUID().toString());
        factory.inTransaction(session -> session.persist(shipment));
    }

    /**
     * Commits that each update one of {@link #UPDATED_ROWS} shipments, inserted first through {@code plain}
     * (without KVSync): each commit finds its row, changes a field and commits, so KVSync fences an update of a
     * held key (after the first round) with a version.
     */
    private static Consumer<SessionFactory> updating(SessionFactory plain) {
        long[] ids = new long[UPDATED_ROWS];
        for (int i = 0; i < ids.length; i++) {
            Shipment shipment = new Shipment(UUID.randomUUID().toString());
            plain.inTransaction(session -> session.persist(shipment));
            ids[i] = shipment.id;
        }
        int[] next = {0};
        return factory -> {
            long id = ids[next[0]++ % ids.length];
            factory.inTransaction(session -> session.find(Shipment.class, id).recipient = "Charles Babbage, " + next[0]);
        };
    }

    public static void main(String[] args) throws Exception {
        String redisUri = System.getProperty("kvsync.bench.redis-uri", "redis://127.0.0.1:6379");
        String jdbcUrl = System.getProperty("kvsync.bench.jdbc-url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        int commits = Integer.getInteger("kvsync.bench.commits", 10_000);
        int rounds = Integer.getInteger("kvsync.bench.rounds", 6);
        long committingThread = ThreadCpu.currentThreadId();
        RedisClientLibrary client = RedisClientLibrary.valueOf(
                System.getProperty("kvsync.bench.redis-client", "lettuce").toUpperCase(Locale.ROOT));
        boolean updates = switch (System.getProperty("kvsync.bench.commit", "insert")) {
            case "insert" -> false;
            case "update" -> true;
            default -> throw new IllegalArgumentException("kvsync.bench.commit must be insert or update");
        };
        System.out.println(updates ? "Each commit updates one of " + UPDATED_ROWS + " shipments (find, change a field, commit)."
                : "Each commit inserts a shipment (persist, commit).");
        String run = Long.toString(System.currentTimeMillis(), 36);
        String schema = "kvsync_cpu_" + run;
        String prefix = "kvsync-bench-cpu-" + run + ":";
        java.net.URI redisAddress = java.net.URI.create(redisUri);
        // redis-server names itself by its bind address and port, e.g. "redis-server 127.0.0.1:6379".
        String redisProcess = "redis-server " + redisAddress.getHost() + ":" + redisAddress.getPort();
        try (BenchDatabase db = new BenchDatabase(jdbcUrl, schema);
             RedisCounters counters = new RedisCounters(redisUri);
             KvSync kv = KvSync.builder().store(RedisKvStore.builder().uri(redisUri).prefix(prefix).clientLibrary(client).build())
                     .build();
             KvSync noOp = KvSync.builder().store(new NoOpKvStore()).build()) {
            SessionFactory plain = db.open(Map.of());
            SessionFactory synced = db.open(Map.of());
            KvSyncHibernate.register(synced, kv);
            Consumer<SessionFactory> commit = updates ? updating(plain) : CommitCpuReport::inserting;
            System.out.println("| round | arm | wall µs/commit | JVM CPU µs/commit | of which: committing thread | KVSync workers "
                    + "| Lettuce | JIT and GC | other | Redis CPU µs/commit | Redis reads/commit | Redis commands/commit "
                    + "| PostgreSQL CPU µs/commit |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                for (SessionFactory factory : new SessionFactory[] {plain, synced}) {
                    long jvm = ProcessCpu.thisJvm();
                    Map<Long, ThreadCpu.Used> threads = ThreadCpu.snapshot(committingThread);
                    RedisCounters.Reading redisCounters = counters.read();
                    long redis = ProcessCpu.nanos(redisProcess);
                    long postgres = ProcessCpu.nanos("postgres");
                    long started = System.nanoTime();
                    for (int i = 0; i < commits; i++) {
                        commit.accept(factory);
                    }
                    long wall = System.nanoTime() - started;
                    if (!kv.awaitIdle(Duration.ofMinutes(1))) {
                        throw new IllegalStateException("replication did not finish in a minute: " + kv.stats());
                    }
                    Map<ThreadCpu.Group, Long> byThreadGroup = ThreadCpu.since(threads, ThreadCpu.snapshot(committingThread));
                    RedisCounters.Reading redisCountersAfter = counters.read();
                    StringBuilder byGroup = new StringBuilder();
                    for (ThreadCpu.Group group : ThreadCpu.Group.values()) {
                        Long nanos = byThreadGroup.get(group);
                        byGroup.append(nanos == null ? " n/a |" : String.format(Locale.ROOT, " %.0f |", perCommit(nanos, commits)));
                    }
                    System.out.printf(Locale.ROOT, "| %d%s | %s | %.0f | %.0f |%s %.0f | %.2f | %.2f | %.0f |%n", round, round <= 2 ? " (warm-up)" : "",
                            factory == plain ? "without KVSync" : "KVSync on Redis", perCommit(wall, commits),
                            perCommit(ProcessCpu.thisJvm() - jvm, commits), byGroup, perCommit(ProcessCpu.nanos(redisProcess) - redis, commits),
                            (redisCountersAfter.reads() - redisCounters.reads()) / (double) commits,
                            (redisCountersAfter.commands() - redisCounters.commands()) / (double) commits,
                            perCommit(ProcessCpu.nanos("postgres") - postgres, commits));
                }
            }
            SessionFactory engineOnly = db.open(Map.of());
            KvSyncHibernate.register(engineOnly, noOp);
            Map<String, SessionFactory> arms = new LinkedHashMap<>();
            arms.put("without KVSync", plain);
            SessionFactory idleListeners = db.open(Map.of());
            FloorListener.registerIdle(idleListeners);
            arms.put("floor: after-commit listeners that do nothing", idleListeners);
            SessionFactory handingOff = db.open(Map.of());
            FloorListener.registerHandingOff(handingOff);
            arms.put("floor: listeners that wake a thread per commit", handingOff);
            arms.put("KVSync on a store that does nothing", engineOnly);
            arms.put("KVSync on Redis", synced);
            pairedCommittingThread(arms, commits, commit);
            if (kv.stats().failed() > 0) {
                throw new IllegalStateException("writes failed: " + kv.stats());
            }
        } finally {
            BenchDatabase.dropSchema(jdbcUrl, schema);
            RedisKeys.deleteMatching(redisUri, prefix + "*");
        }
        System.out.println();
        System.out.println("Load average (1, 5, 15 min) at the end: " + LoadAverage.now() + "; "
                + Runtime.getRuntime().availableProcessors() + " CPUs.");
    }

    /**
     * The committing thread's CPU with ÷ without KVSync, in blocks of {@value #BLOCK} commits that rotate
     * between the arms (without KVSync, the two floor arms, KVSync on a store that does nothing, KVSync on Redis;
     * each round of blocks starting with another arm), read with nanosecond precision from {@code ThreadMXBean}: the
     * machine's speed, which moves by far more than the difference between the arms over a round, moves the
     * arms of a round alike. The store that does nothing tells the engine's own work on the committing thread
     * from what Redis's and Lettuce's work on the same two cores costs it. Prints each KVSync arm's ratio of
     * the sums and the median and quartiles of its rounds' ratios, and how often the scheduler took the CPU
     * from the committing thread (its involuntary context switches) per commit.
     */
    private static void pairedCommittingThread(Map<String, SessionFactory> arms, int commits, Consumer<SessionFactory> commit) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        List<String> names = new ArrayList<>(arms.keySet());
        int rounds = Math.max(1, commits / BLOCK);
        long[] totals = new long[names.size()];
        long[] preempted = new long[names.size()];
        double[][] ratios = new double[names.size()][rounds];
        for (int round = 0; round < rounds; round++) {
            long[] used = new long[names.size()];
            for (int step = 0; step < names.size(); step++) {
                int arm = (round + step) % names.size();
                SessionFactory factory = arms.get(names.get(arm));
                long switchesBefore = ThreadCpu.currentThreadPreemptions();
                long before = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < BLOCK; i++) {
                    commit.accept(factory);
                }
                used[arm] = cpu.getCurrentThreadCpuTime() - before;
                preempted[arm] += ThreadCpu.currentThreadPreemptions() - switchesBefore;
            }
            for (int arm = 0; arm < names.size(); arm++) {
                totals[arm] += used[arm];
                ratios[arm][round] = used[arm] / (double) used[0];
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "Committing thread, %d rounds of %d-commit blocks rotating between the arms "
                        + "(thread CPU time): %s %.1f µs/commit, preempted %.2f times per commit%n", rounds, BLOCK, names.get(0),
                perCommit(totals[0], rounds * BLOCK), preempted[0] / (double) (rounds * BLOCK));
        for (int arm = 1; arm < names.size(); arm++) {
            double[] sorted = ratios[arm].clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "  %s: %.1f µs/commit, ÷ %s %.3f (rounds' ratios: median %.3f, quartiles %.3f "
                            + "and %.3f), preempted %.2f times per commit%n", names.get(arm), perCommit(totals[arm], rounds * BLOCK),
                    names.get(0), totals[arm] / (double) totals[0], sorted[rounds / 2], sorted[rounds / 4], sorted[(3 * rounds) / 4],
                    preempted[arm] / (double) (rounds * BLOCK));
        }
    }

    private static double perCommit(long nanos, int commits) {
        return nanos / 1e3 / commits;
    }
}
