package io.kvsync.benchmarks;

import io.kvsync.engine.KvSync;
import io.kvsync.benchmarks.CommitOverhead.Arm;
import io.kvsync.benchmarks.SecondaryKeyReads.Way;
import io.kvsync.hibernate.KvSyncHibernate;
import io.kvsync.marshal.bson.BsonMarshaler;
import io.kvsync.spi.Marshaler;
import io.kvsync.store.redis.RedisClientLibrary;
import io.kvsync.store.redis.RedisKvStore;
import org.hibernate.SessionFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The end-to-end benchmark behind {@code ./bench}: six scenarios against the local Redis and
 * PostgreSQL, each next to a peer measured in the same run, printed as one Markdown table.
 * <ol>
 *   <li>replication throughput against {@code redis-benchmark -t set -P 16 -d 300}; and into Hazelcast
 *       (1h, 1i: an embedded member and a client) against {@code IMap.putAll} of the same entries;</li>
 *   <li>the cost KVSync adds to single-entity Hibernate commits, also with the outbox (2d);</li>
 *   <li>reads by a unique secondary key against indexed SQL, and by id against Hibernate's
 *       second-level cache in the same Redis (Redisson);</li>
 *   <li>commit→visible lag at half the commit rate of scenario 2, also with the outbox (4d);</li>
 *   <li>{@code fetchAll} of 1,000 keys against 1,000 single fetches;</li>
 *   <li>the outbox relay catching up after a crash, against a resync of the same rows.</li>
 * </ol>
 * {@code --only} runs some of them. Everything it writes lives under names of its own run (a PostgreSQL
 * schema, Redis key prefixes) and is removed at the end, or by a shutdown hook when interrupted. Exit
 * status 2 when a service does not answer.
 */
@Command(name = "bench", sortOptions = false,
        description = "Runs KVSync's end-to-end scenarios against the local Redis and PostgreSQL and prints a Markdown table.",
        footer = "The ./bench script also takes --no-build (run the jar as it is). What each row measures: docs/benchmarks.md.")
public final class EndToEndReport implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--quick", description = "One small round (about a minute): checks that everything works; rough figures.")
    boolean quick;

    @Option(names = "--rounds", description = "Rounds per scenario; figures are medians over them (default 3, --quick 1).")
    Integer rounds;

    @Option(names = "--only", split = ",", paramLabel = "SCENARIO",
            description = "Runs only these, comma-separated: 1, 2 (rows 2 to 2c), 2d, 3, 4 (rows 4 to 4c), 4d, 5, 6. "
                    + "2d, 3, 4, 4d and 5 run row 2's arms with and without KVSync too (3 and 5 read its rows, "
                    + "4 and 4d commit at half its rate).")
    List<String> only;

    @Spec
    CommandSpec spec;

    @Option(names = "--redis-uri", defaultValue = "redis://127.0.0.1:6379", description = "Redis (default ${DEFAULT-VALUE}).")
    String redisUri;

    @Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
            description = "PostgreSQL (default ${DEFAULT-VALUE}).")
    String jdbcUrl;

    private static final String REDIS_BENCHMARK_KEY = "key:__rand_int__";
    /** Room for every shipment scenario 3 reads, by uuid and by id. */
    private static final int NEAR_CACHE_ENTRIES = 10_000;
    /** The batch linger of rows 2c and 4c: the trade of replication lag for commit overhead, measured. */
    private static final String LINGER_SETTING = "kvsync.batch.linger";
    private static final String LINGER = "1ms";
    /** The order in which the progress lines of scenario 2 list its arms. */
    private static final List<Arm> ARM_ORDER = List.of(Arm.KVSYNC_REDIS, Arm.KVSYNC_REDIS_LINGER, Arm.KVSYNC_NO_OP_STORE,
            Arm.KVSYNC_REDIS_OUTBOX, Arm.WITHOUT_KVSYNC);
    /** What {@code --only} takes, in the order the scenarios run. */
    private static final List<String> SCENARIOS = List.of("1", "1h", "2", "2d", "3", "4", "4d", "5", "6");

    public static void main(String[] args) {
        // Hibernate, Redisson, HikariCP and the engine all log through java.util.logging here; their
        // start-up chatter would bury the table.
        Logger.getLogger("").setLevel(Level.WARNING);
        System.exit(new CommandLine(new EndToEndReport()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BenchSize size = quick ? BenchSize.QUICK : BenchSize.FULL;
        if (rounds != null) {
            size = size.withRounds(Math.max(1, rounds));
        }
        Set<String> selected = new LinkedHashSet<>(only == null ? SCENARIOS : only.stream().map(String::trim).toList());
        if (!SCENARIOS.containsAll(selected)) {
            throw new ParameterException(spec.commandLine(), "--only takes " + String.join(", ", SCENARIOS) + ", not "
                    + selected.stream().filter(s -> !SCENARIOS.contains(s)).collect(Collectors.joining(", ")));
        }
        String redisVersion;
        String postgresVersion;
        try {
            redisVersion = Services.redis(redisUri);
            postgresVersion = Services.postgres(jdbcUrl);
            Services.redisBenchmark();
        } catch (Services.Unavailable e) {
            System.err.println(e.getMessage());
            return 2;
        }

        String run = Long.toString(System.currentTimeMillis(), 36);
        String kvPrefix = "kvsync-bench-e2e-" + run + ":";
        String cachePrefix = "kvsync-bench-2lc-" + run;
        List<String> redisPatterns = new ArrayList<>(List.of(kvPrefix + "*", "*" + cachePrefix + "*"));
        // redis-benchmark writes one fixed key of its own: remove it afterwards unless it was there before.
        if (!RedisKeys.exists(redisUri, REDIS_BENCHMARK_KEY)) {
            redisPatterns.add(REDIS_BENCHMARK_KEY);
        }
        Cleanup cleanup = new Cleanup(jdbcUrl, "kvsync_bench_" + run, redisUri, redisPatterns);
        Thread hook = new Thread(cleanup, "kvsync-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);

        String loadBefore = LoadAverage.now();
        long started = System.nanoTime();
        ReportTable table = new ReportTable();
        List<String> notes = new ArrayList<>();
        try {
            if (selected.contains("1")) {
                replication(size, kvPrefix + "replication:", table);
            }
            if (selected.contains("1h")) {
                hazelcastReplication(size, run, table);
            }
            Set<String> endToEnd = new LinkedHashSet<>(selected);
            endToEnd.removeAll(Set.of("1", "1h"));
            if (!endToEnd.isEmpty()) {
                endToEnd(size, selected, kvPrefix, cachePrefix, "kvsync_bench_" + run, cleanup, table, notes);
            }
        } finally {
            cleanup.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Interrupted: the hook has run the cleanup already.
            }
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        System.out.println();
        System.out.println("KVSync end-to-end benchmark (./bench" + (quick ? " --quick" : "")
                + (only == null ? "" : " --only " + String.join(",", selected)) + "), "
                + size.rounds() + (size.rounds() == 1 ? " round" : " rounds, figures are medians over rounds"));
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, " + memory() + ", "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + "; Redis " + redisVersion + ", PostgreSQL " + postgresVersion);
        System.out.println();
        System.out.print(table.toMarkdown());
        System.out.println();
        notes.forEach(System.out::println);
        System.out.println("load average (1, 5, 15 min) before / after: " + loadBefore + " / " + LoadAverage.now()
                + "; took " + seconds / 60 + " min " + seconds % 60 + " s");
        return 0;
    }

    /** Scenario 1, before anything else runs, while the machine is quietest. */
    private void replication(BenchSize size, String prefix, ReportTable table) throws IOException, InterruptedException {
        RedisBenchmarkTool peer = new RedisBenchmarkTool(URI.create(redisUri), size.redisBenchmarkRequests());
        progress("1/6 replication throughput: warming up");
        // Full-size runs of every kind: measured, the Lettuce path's rate climbs for about three runs of
        // 200,000 entities while the JIT compiles it, and a quarter-size warm-up left that in round 1.
        for (int run = 0; run < size.replicationWarmUps(); run++) {
            replicate(prefix, size.replicationEntities(), false);
            replicate(prefix, size.replicationEntities(), true);
            updateVersioned(prefix, size.replicationEntities());
            ReplicationRun.keyWritesPerSecond(new NoOpKvStore(), Map.of(), size.replicationEntities());
        }
        List<Double> peerRates = new ArrayList<>();
        List<Double> unversioned = new ArrayList<>();
        List<Double> versioned = new ArrayList<>();
        List<Double> updates = new ArrayList<>();
        List<Double> engineAlone = new ArrayList<>();
        for (int round = 0; round < size.rounds(); round++) {
            peerRates.add(peer.setsPerSecond());
            unversioned.add(replicate(prefix, size.replicationEntities(), false));
            versioned.add(replicate(prefix, size.replicationEntities(), true));
            updates.add(updateVersioned(prefix, size.replicationEntities()));
            engineAlone.add(ReplicationRun.keyWritesPerSecond(new NoOpKvStore(), Map.of(), size.replicationEntities()));
            progress(String.format(Locale.ROOT, "1/6 round %d: redis-benchmark %,.0f SET/s; KVSync %,.0f (versioned %,.0f, "
                            + "versioned updates %,.0f, no-op store %,.0f) key writes/s", round + 1, peerRates.get(round),
                    unversioned.get(round), versioned.get(round), updates.get(round), engineAlone.get(round)));
        }
        double reference = Median.of(peerRates);
        String peerCell = "`" + peer.commandLine() + "`: " + ReportTable.count(reference) + " SET/s";
        String what = "1. replication throughput, 300-byte values: `kv.enqueue` of " + ReportTable.count(size.replicationEntities())
                + " entities × 3 keys until written, engine defaults (Lettuce, 4 workers, batches of 512)";
        table.add(what + ", unversioned", ReportTable.count(Median.of(unversioned)) + " key writes/s", peerCell,
                ReportTable.atLeast(Median.of(unversioned) / reference, 0.5));
        table.add("1b. the same with versions, fenced as Hibernate entities with `@Version` are written: new keys, which "
                        + "go first as set-if-absent (`MSETNX` runs; the store's default `set-if-absent=auto`)",
                ReportTable.count(Median.of(versioned)) + " key writes/s", peerCell,
                ReportTable.fraction(Median.of(versioned) / reference));
        table.add("1d. versioned updates: the same keys written again at a higher version, fenced (a batch of 8 or more "
                        + "by optimistic transactions, WATCH … EXEC, a smaller one by a Lua script per key)",
                ReportTable.count(Median.of(updates)) + " key writes/s", peerCell,
                ReportTable.fraction(Median.of(updates) / reference));
        table.add("1c. the engine alone: the same as 1 into a store that does nothing (marshaling, keys, queue, workers)",
                ReportTable.count(Median.of(engineAlone)) + " key writes/s", peerCell,
                ReportTable.fraction(Median.of(engineAlone) / reference));
    }

    /**
     * Scenario 1h: row 1's replication into Hazelcast (an embedded member, and a client of it) against
     * {@code IMap.putAll} of the same entries, rounds alternating the four arms.
     */
    private void hazelcastReplication(BenchSize size, String run, ReportTable table) {
        progress("1h/6 Hazelcast replication: starting a member and a client");
        int entities = size.replicationEntities();
        try (HazelcastReplication hazelcast = HazelcastReplication.start(run)) {
            Marshaler marshaler = BsonMarshaler.create();
            for (int warmUp = 0; warmUp < size.replicationWarmUps(); warmUp++) {
                hazelcast.kvSync(hazelcast.member(), entities);
                hazelcast.putAll(hazelcast.member(), marshaler, entities);
                hazelcast.kvSync(hazelcast.client(), entities);
                hazelcast.putAll(hazelcast.client(), marshaler, entities);
            }
            List<Double> memberKv = new ArrayList<>();
            List<Double> memberPeer = new ArrayList<>();
            List<Double> clientKv = new ArrayList<>();
            List<Double> clientPeer = new ArrayList<>();
            for (int round = 0; round < size.rounds(); round++) {
                memberKv.add(hazelcast.kvSync(hazelcast.member(), entities));
                memberPeer.add(hazelcast.putAll(hazelcast.member(), marshaler, entities));
                clientKv.add(hazelcast.kvSync(hazelcast.client(), entities));
                clientPeer.add(hazelcast.putAll(hazelcast.client(), marshaler, entities));
                progress(String.format(Locale.ROOT, "1h/6 round %d: member: KVSync %,.0f, putAll %,.0f; client: KVSync "
                                + "%,.0f, putAll %,.0f key writes/s", round + 1, memberKv.get(round), memberPeer.get(round),
                        clientKv.get(round), clientPeer.get(round)));
            }
            String what = "replication into Hazelcast as row 1 (" + ReportTable.count(entities) + " entities × 3 keys, "
                    + "unversioned: on a member the store sends such plain puts as one setAll per batch, a client an entry "
                    + "processor per partition; common fork-join pool of "
                    + java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + " thread(s), see the README)";
            table.add("1h. " + what + ", on a member embedded in this JVM",
                    ReportTable.count(Median.of(memberKv)) + " key writes/s",
                    "`IMap.putAll` of the same entries, 512 per call, one thread: "
                            + ReportTable.count(Median.of(memberPeer)) + " key writes/s",
                    ReportTable.atLeast(Median.of(memberKv) / Median.of(memberPeer), 0.5));
            table.add("1i. the same through a Hazelcast client of that member",
                    ReportTable.count(Median.of(clientKv)) + " key writes/s",
                    "`IMap.putAll` through the client: " + ReportTable.count(Median.of(clientPeer)) + " key writes/s",
                    ReportTable.atLeast(Median.of(clientKv) / Median.of(clientPeer), 0.5));
        }
    }

    /**
     * Row 1d: {@code entities} parcels written at version 1 (not timed), then at version 2 by a second engine and
     * store (timed), so that every measured write meets its key held.
     */
    private double updateVersioned(String prefix, int entities) {
        String run = Long.toString(System.nanoTime(), 36);
        try {
            ReplicationRun.run(RedisKvStore.builder().uri(redisUri).prefix(prefix).build(), Map.of(), entities, 1, run);
            return ReplicationRun.run(RedisKvStore.builder().uri(redisUri).prefix(prefix).build(), Map.of(), entities, 2, run)
                    .keyWritesPerSecond();
        } finally {
            RedisKeys.deleteMatching(redisUri, prefix + "*");
        }
    }

    private double replicate(String prefix, int entities, boolean versioned) {
        RedisKvStore store = RedisKvStore.builder().uri(redisUri).prefix(prefix).build();
        try {
            return ReplicationRun.keyWritesPerSecond(store, Map.of(), entities, versioned);
        } finally {
            // Redis's memory stays as it was from round to round.
            RedisKeys.deleteMatching(redisUri, prefix + "*");
        }
    }

    /** Scenarios 2 to 6: Hibernate on PostgreSQL, with KVSync on Redis. */
    private void endToEnd(BenchSize size, Set<String> selected, String kvPrefix, String cachePrefix, String schema,
                          Cleanup cleanup, ReportTable table, List<String> notes)
            throws SQLException, IOException, InterruptedException {
        Path redissonConfig = Files.createTempFile("kvsync-bench-redisson", ".yaml");
        Files.writeString(redissonConfig, "singleServerConfig:\n  address: \"" + redisUri + "\"\n", StandardCharsets.UTF_8);
        ReportLatencies reports = new ReportLatencies();
        ReportLatencies lingeringReports = new ReportLatencies();
        List<ReportLatencies> outboxReports = new ArrayList<>();
        try (BenchDatabase db = new BenchDatabase(jdbcUrl, schema);
             KvSync kv = KvSync.builder().store(store(kvPrefix)).onReport(reports).build();
             KvSync lingering = KvSync.builder().store(store(kvPrefix)).properties(Map.of(LINGER_SETTING, LINGER))
                     .onReport(lingeringReports).build();
             KvSync reader = KvSync.builder().store(store(kvPrefix)).build();
             KvSync jedis = KvSync.builder().store(RedisKvStore.builder().uri(redisUri).prefix(kvPrefix)
                     .clientLibrary(RedisClientLibrary.JEDIS).build()).build();
             RedisKvStore nearCached = RedisKvStore.builder().uri(redisUri).prefix(kvPrefix).nearCache(NEAR_CACHE_ENTRIES).build();
             KvSync near = KvSync.builder().store(nearCached).build();
             KvSync noOp = KvSync.builder().store(new NoOpKvStore()).build()) {
            cleanup.schemaCreated();
            OutboxTable outbox = new OutboxTable(db.dataSource(), schema);
            SessionFactory plain = db.open(Map.of());
            SessionFactory synced = db.open(Map.of());
            KvSyncHibernate.register(synced, kv);
            SessionFactory lingeringSynced = db.open(Map.of());
            KvSyncHibernate.register(lingeringSynced, lingering);
            SessionFactory noOpSynced = db.open(Map.of());
            KvSyncHibernate.register(noOpSynced, noOp);

            // Scenario 2's arms with and without KVSync run whenever a later one needs its rows or its rate.
            boolean commits = selected.stream().anyMatch(Set.of("2", "2d", "3", "4", "4d", "5")::contains);
            double maxRate = 0;
            List<ShipmentRef> replicated = new ArrayList<>();
            if (commits) {
                Map<Arm, SessionFactory> factories = new EnumMap<>(Map.of(Arm.WITHOUT_KVSYNC, plain, Arm.KVSYNC_REDIS, synced));
                Map<Arm, KvSync> engines = new EnumMap<>(Map.of(Arm.KVSYNC_REDIS, kv));
                if (selected.contains("2")) {
                    factories.put(Arm.KVSYNC_REDIS_LINGER, lingeringSynced);
                    engines.put(Arm.KVSYNC_REDIS_LINGER, lingering);
                    factories.put(Arm.KVSYNC_NO_OP_STORE, noOpSynced);
                    engines.put(Arm.KVSYNC_NO_OP_STORE, noOp);
                }
                try (OutboxEngine outboxed = selected.contains("2d") ? new OutboxEngine(db, outbox, store(kvPrefix)) : null) {
                    if (outboxed != null) {
                        outboxReports.add(outboxed.reports);
                        factories.put(Arm.KVSYNC_REDIS_OUTBOX, outboxed.factory);
                        engines.put(Arm.KVSYNC_REDIS_OUTBOX, outboxed.kv);
                    }
                    maxRate = commitOverhead(size, new CommitOverhead(factories, engines, outbox, replicated), table, notes);
                }
            }
            List<ShipmentRef> refs = replicated.subList(0, Math.min(1_000, replicated.size()));
            if (selected.contains("3")) {
                SessionFactory cached = db.open(Map.of(
                        "hibernate.cache.use_second_level_cache", "true",
                        "hibernate.cache.region.factory_class", "org.redisson.hibernate.RedissonRegionFactory",
                        "hibernate.cache.redisson.config", redissonConfig.toString(),
                        "hibernate.cache.region_prefix", cachePrefix,
                        "hibernate.generate_statistics", "true",
                        "hibernate.session.events.log", "false"));
                reads(size, new SecondaryKeyReads(kv, jedis, near, db.dataSource(), db.table(), plain, cached, refs), table, notes);
                RedisKvStore.NearCacheStats nearStats = nearCached.nearCacheStats();
                notes.add(String.format(Locale.ROOT, "The near cache (3f, 3g) answered %,d of %,d fetches from memory (%.1f%%): "
                                + "%,d shipments, each read once by uuid and by id to fill it (as the second-level cache is filled), then at random; %,d keys held at the end.", nearStats.hits(),
                        nearStats.hits() + nearStats.misses(), 100.0 * nearStats.hits() / Math.max(1, nearStats.hits() + nearStats.misses()),
                        refs.size(), nearStats.entries()));
            }
            if (selected.contains("4")) {
                lag(size, new VisibilityLag(synced, reader, reports), maxRate, LagVariant.PLAIN, table);
                lag(size, new VisibilityLag(lingeringSynced, reader, lingeringReports), maxRate, LagVariant.LINGER, table);
            }
            if (selected.contains("4d")) {
                try (OutboxEngine outboxed = new OutboxEngine(db, outbox, store(kvPrefix))) {
                    outboxReports.add(outboxed.reports);
                    lag(size, new VisibilityLag(outboxed.factory, reader, outboxed.reports), maxRate, LagVariant.OUTBOX, table);
                }
            }
            if (selected.contains("5")) {
                batchFetch(size, new BatchFetch(kv, refs.stream().map(ShipmentRef::uuidKey).toList()), refs.size(), table);
            }
            if (selected.contains("6")) {
                String relayPrefix = kvPrefix + "relay:";
                relay(size, new RelayCatchUp(db, outbox, plain, () -> store(relayPrefix),
                        () -> RedisKeys.deleteMatching(redisUri, relayPrefix + "*")), outbox, table);
            }
            long failures = reports.failures() + lingeringReports.failures()
                    + outboxReports.stream().mapToLong(ReportLatencies::failures).sum();
            if (failures > 0) {
                notes.add("**" + failures + " replication attempts failed and were retried during the run.**");
            }
        } finally {
            Files.deleteIfExists(redissonConfig);
        }
    }

    /**
     * KVSync on Redis with {@code kvsync.delivery=outbox}, registered on a session factory of its own, for
     * one scenario (2d, 4d): the outbox table is dropped before it starts and after it closes, so that no row
     * of one scenario reaches another.
     */
    private static final class OutboxEngine implements AutoCloseable {

        final ReportLatencies reports = new ReportLatencies();
        final KvSync kv;
        final SessionFactory factory;
        private final BenchDatabase db;
        private final OutboxTable outbox;

        OutboxEngine(BenchDatabase db, OutboxTable outbox, RedisKvStore store) throws SQLException {
            this.db = db;
            this.outbox = outbox;
            outbox.drop();
            this.kv = KvSync.builder().store(store).properties(outbox.settings()).onReport(reports).build();
            try {
                this.factory = db.open(Map.of());
                KvSyncHibernate.register(factory, kv);
            } catch (RuntimeException e) {
                kv.close();
                throw e;
            }
        }

        /** Closes the factory (stopping the outbox's relay and cleaner), then the KvSync; drops the table. */
        @Override
        public void close() throws SQLException {
            try {
                db.close(factory);
            } finally {
                kv.close();
                outbox.drop();
            }
        }
    }

    private RedisKvStore store(String prefix) {
        return RedisKvStore.builder().uri(redisUri).prefix(prefix).expiration(Duration.ofHours(1)).build();
    }

    /**
     * Rows 2 to 2d, of the arms {@code commits} has (2 always).
     *
     * @return the commit rate with KVSync on Redis (commits per second), which scenario 4 halves
     */
    private static double commitOverhead(BenchSize size, CommitOverhead commits, ReportTable table, List<String> notes) {
        progress("2/6 commit overhead: warming up");
        commits.warmUp(size.warmUpTransactions());
        Map<Arm, List<Double>> seconds = new EnumMap<>(Arm.class);
        int n = size.transactions();
        for (int round = 0; round < size.rounds(); round++) {
            Map<Arm, Long> nanos = commits.round(n, round);
            nanos.forEach((arm, elapsed) -> seconds.computeIfAbsent(arm, a -> new ArrayList<>()).add(elapsed / 1e9));
            progress(String.format(Locale.ROOT, "2/6 round %d: %,d commits in ", round + 1, n) + ARM_ORDER.stream()
                    .filter(nanos::containsKey)
                    .map(arm -> String.format(Locale.ROOT, "%.2f s %s", nanos.get(arm) / 1e9, label(arm)))
                    .collect(Collectors.joining(", ")));
        }
        double redis = Median.of(seconds.get(Arm.KVSYNC_REDIS));
        double without = Median.of(seconds.get(Arm.WITHOUT_KVSYNC));
        String withoutCell = String.format(Locale.ROOT, "without KVSync: %.2f s (%s commits/s)", without, ReportTable.count(n / without));
        table.add("2. commit overhead: " + ReportTable.count(n) + " single-entity Hibernate transactions on PostgreSQL "
                        + "(open session, persist, commit, close), one thread; KVSync registered (Redis store) vs not",
                String.format(Locale.ROOT, "%.2f s (%s commits/s)", redis, ReportTable.count(n / redis)), withoutCell,
                // The wall-time target (<= 1.03x) is retired: this machine cannot resolve it; CommitCpuReport's
                // CPU ratios replace it (issue 18).
                ReportTable.ratio(redis / without) + " (the retired target was ≤ 1.03x)");
        if (seconds.containsKey(Arm.KVSYNC_NO_OP_STORE)) {
            double noOp = Median.of(seconds.get(Arm.KVSYNC_NO_OP_STORE));
            table.add("2b. the same with KVSync on a store that does nothing: the engine's own cost, without Redis's",
                    String.format(Locale.ROOT, "%.2f s (%s commits/s)", noOp, ReportTable.count(n / noOp)), withoutCell,
                    ReportTable.atMost(noOp / without, 1.05));
        }
        if (seconds.containsKey(Arm.KVSYNC_REDIS_LINGER)) {
            double lingering = Median.of(seconds.get(Arm.KVSYNC_REDIS_LINGER));
            table.add("2c. as 2, with `" + LINGER_SETTING + "=" + LINGER + "`: a worker that has written a batch waits up to that "
                            + "long for the next, waking no one, so several commits share a store round trip (lag: 4c)",
                    String.format(Locale.ROOT, "%.2f s (%s commits/s)", lingering, ReportTable.count(n / lingering)), withoutCell,
                    ReportTable.ratio(lingering / without));
        }
        if (seconds.containsKey(Arm.KVSYNC_REDIS_OUTBOX)) {
            double outboxed = Median.of(seconds.get(Arm.KVSYNC_REDIS_OUTBOX));
            double extraMicros = (outboxed - redis) / n * 1e6;
            table.add("2d. as 2, with `" + OutboxTable.DELIVERY + "=outbox`: each commit also inserts its change into the "
                            + "outbox table in the same transaction; a cleaner thread deletes the rows in batches once Redis has them (lag: 4d)",
                    String.format(Locale.ROOT, "%.2f s (%s commits/s)", outboxed, ReportTable.count(n / outboxed)),
                    withoutCell + String.format(Locale.ROOT, "; 2, without the outbox: %.2f s", redis),
                    ReportTable.ratio(outboxed / without) + "; " + ReportTable.ratio(outboxed / redis) + " of 2 ("
                            + String.format(Locale.ROOT, "%+,.0f µs per commit", extraMicros) + ")");
            notes.add(String.format(Locale.ROOT, "What the outbox costs a commit (2d − 2, medians over the rounds): %+,.0f µs: "
                            + "%,.0f µs per commit with it, %,.0f µs without it (memory delivery), %,.0f µs without KVSync.",
                    extraMicros, outboxed / n * 1e6, redis / n * 1e6, without / n * 1e6));
        }
        return n / redis;
    }

    /** How the progress lines name an arm of scenario 2. */
    private static String label(Arm arm) {
        return switch (arm) {
            case KVSYNC_REDIS -> "with KVSync on Redis";
            case KVSYNC_REDIS_LINGER -> "with a " + LINGER + " linger";
            case KVSYNC_NO_OP_STORE -> "on a no-op store";
            case KVSYNC_REDIS_OUTBOX -> "with the outbox";
            case WITHOUT_KVSYNC -> "without";
        };
    }

    private static void reads(BenchSize size, SecondaryKeyReads reads, ReportTable table, List<String> notes)
            throws SQLException {
        progress("3/6 reads: filling the second-level cache, warming up");
        reads.prepare();
        reads.measure(size.readSamples() / 2, 0);
        List<SecondaryKeyReads.Round> rounds = new ArrayList<>();
        long hits = 0;
        long misses = 0;
        for (int round = 0; round < size.rounds(); round++) {
            SecondaryKeyReads.Round r = reads.measure(size.readSamples(), round + 1);
            rounds.add(r);
            hits += r.cacheHits();
            misses += r.cacheMisses();
            progress(String.format(Locale.ROOT, "3/6 round %d p50 µs: %s", round + 1, r.p50().entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / 1e3))
                    .collect(Collectors.joining(", "))));
        }
        double kvByUuid = median(rounds, r -> r.p50(Way.KV_BY_UUID));
        double jdbc = median(rounds, r -> r.p50(Way.JDBC_BY_UUID));
        double hql = median(rounds, r -> r.p50(Way.HQL_BY_UUID));
        double kvById = median(rounds, r -> r.p50(Way.KV_BY_ID));
        double cache = median(rounds, r -> r.p50(Way.CACHE_BY_ID));
        double jedisByUuid = median(rounds, r -> r.p50(Way.JEDIS_BY_UUID));
        double jedisById = median(rounds, r -> r.p50(Way.JEDIS_BY_ID));
        String samples = ReportTable.count(size.readSamples()) + " reads per round, p50";
        table.add("3. read by a unique secondary key: `kv.fetch(probe, \"uuid\")` vs a JDBC prepared `select … where uuid = ?` "
                + "on the unique index (" + samples + ")", ReportTable.micros(kvByUuid), "SQL: " + ReportTable.micros(jdbc),
                ReportTable.atMost(kvByUuid / jdbc, 0.5));
        table.add("3b. the same vs the HQL query `from Shipment where uuid = :uuid` (session cleared after each)",
                ReportTable.micros(kvByUuid), "HQL: " + ReportTable.micros(hql), ReportTable.ratio(kvByUuid / hql));
        table.add("3c. find by id: `kv.fetch(probe, \"id\")` vs `session.find` answered by Hibernate's second-level cache "
                        + "on the same Redis (redisson-hibernate-7, `RedissonRegionFactory`, session cleared after each)",
                ReportTable.micros(kvById), "2LC hit: " + ReportTable.micros(cache), ReportTable.atMost(kvById / cache, 0.5));
        table.add("3d. as 3, with the Redis store on Jedis instead of Lettuce (`kvsync.redis.client=jedis`)",
                ReportTable.micros(jedisByUuid), "SQL: " + ReportTable.micros(jdbc), ReportTable.atMost(jedisByUuid / jdbc, 0.5));
        table.add("3e. as 3c, on Jedis", ReportTable.micros(jedisById), "2LC hit: " + ReportTable.micros(cache),
                ReportTable.atMost(jedisById / cache, 0.5));
        double nearByUuid = median(rounds, r -> r.p50(Way.NEAR_BY_UUID));
        double nearById = median(rounds, r -> r.p50(Way.NEAR_BY_ID));
        table.add("3f. as 3, with the Redis store's near cache on (`kvsync.redis.near-cache.max-entries=" + NEAR_CACHE_ENTRIES
                        + "`: recently read keys kept in the JVM, dropped on Redis's invalidation pushes)",
                ReportTable.micros(nearByUuid), "SQL: " + ReportTable.micros(jdbc), ReportTable.atMost(nearByUuid / jdbc, 0.5));
        table.add("3g. as 3c, with the near cache on", ReportTable.micros(nearById), "2LC hit: " + ReportTable.micros(cache),
                ReportTable.atMost(nearById / cache, 0.5));
        if (misses > 0) {
            notes.add("**The second-level cache missed " + misses + " of " + (hits + misses) + " finds: 3c's peer includes database reads.**");
        }
    }

    /** Which engine scenario 4 measures: row 2's (rows 4 and 4b), 2c's (4c) or 2d's (4d). */
    private enum LagVariant { PLAIN, LINGER, OUTBOX }

    private static void lag(BenchSize size, VisibilityLag lag, double maxRate, LagVariant variant, ReportTable table)
            throws InterruptedException {
        double rate = maxRate / 2;
        String with = switch (variant) {
            case PLAIN -> "";
            case LINGER -> " with a " + LINGER + " linger";
            case OUTBOX -> " with the outbox";
        };
        progress(String.format(Locale.ROOT, "4/6 commit→visible lag%s at %,.0f commits/s: warming up", with, rate));
        lag.measure(rate, Math.max(50, size.lagCommits() / 10));
        List<VisibilityLag.Round> rounds = new ArrayList<>();
        for (int round = 0; round < size.rounds(); round++) {
            VisibilityLag.Round r = lag.measure(rate, size.lagCommits());
            rounds.add(r);
            progress(String.format(Locale.ROOT, "4/6 round %d%s at %,.0f commits/s: lag p50 %.2f ms, p99 %.2f ms; "
                            + "transaction p50 %.2f ms; SyncReport p50 %.2f ms", round + 1, with, r.commitsPerSecond(),
                    r.lagP50() / 1e6, r.lagP99() / 1e6, r.transactionP50() / 1e6, r.reportP50() / 1e6));
        }
        double lagP50 = median(rounds, VisibilityLag.Round::lagP50);
        double lagP99 = median(rounds, VisibilityLag.Round::lagP99);
        double txP50 = median(rounds, VisibilityLag.Round::transactionP50);
        double txP99 = median(rounds, VisibilityLag.Round::transactionP99);
        double achieved = median(rounds, VisibilityLag.Round::commitsPerSecond);
        String lagCell = ReportTable.millis(lagP50) + " / " + ReportTable.millis(lagP99);
        String txCell = "the transaction itself: " + ReportTable.millis(txP50) + " / " + ReportTable.millis(txP99);
        String ratioCell = ReportTable.ratio(lagP50 / txP50) + " (p50)";
        switch (variant) {
            case LINGER -> table.add("4c. as 4, with `" + LINGER_SETTING + "=" + LINGER + "` (the engine of 2c)",
                    lagCell, txCell, ratioCell);
            case OUTBOX -> table.add("4d. as 4, with `" + OutboxTable.DELIVERY + "=outbox` (the delivery of 2d), paced at the same "
                    + "rate (half of 2's " + ReportTable.count(maxRate) + "; " + ReportTable.count(achieved) + " commits/s achieved)",
                    lagCell, txCell, ratioCell);
            case PLAIN -> {
                table.add("4. commit→visible lag p50 / p99 at " + ReportTable.count(achieved) + " commits/s (half of scenario 2's "
                                + ReportTable.count(maxRate) + "): from `commit()` returning until a second KvSync (own connection) "
                                + "fetches the row by uuid; " + ReportTable.count(size.lagCommits()) + " commits per round",
                        lagCell, txCell, ratioCell);
                table.add("4b. the engine's `SyncReport` latency p50 / p99 in the same commits (enqueue → Redis acknowledged)",
                        ReportTable.millis(median(rounds, VisibilityLag.Round::reportP50)) + " / "
                                + ReportTable.millis(median(rounds, VisibilityLag.Round::reportP99)), "—", "—");
            }
        }
    }

    private static void batchFetch(BenchSize size, BatchFetch fetch, int keys, ReportTable table) {
        progress("5/6 fetchAll: warming up");
        fetch.measure(4);
        List<BatchFetch.Round> rounds = new ArrayList<>();
        for (int round = 0; round < size.rounds(); round++) {
            BatchFetch.Round r = fetch.measure(size.batchRepeats());
            rounds.add(r);
            progress(String.format(Locale.ROOT, "5/6 round %d: fetchAll %.2f ms, single fetches %.2f ms",
                    round + 1, r.fetchAll() / 1e6, r.singles() / 1e6));
        }
        double all = median(rounds, BatchFetch.Round::fetchAll);
        double singles = median(rounds, BatchFetch.Round::singles);
        table.add("5. `kv.fetchAll` of " + ReportTable.count(keys) + " keys vs " + ReportTable.count(keys)
                        + " `kv.fetchByKey` calls, one thread (median of " + size.batchRepeats() + " per round)",
                ReportTable.millis(all), "single fetches: " + ReportTable.millis(singles), ReportTable.ratio(all / singles));
    }

    /** Scenario 6. */
    private static void relay(BenchSize size, RelayCatchUp relay, OutboxTable outbox, ReportTable table) throws SQLException {
        int n = size.relayRows();
        try {
            progress(String.format(Locale.ROOT, "6/6 relay catch-up: %,d commits whose replication a crash loses", n));
            relay.crash(n);
            progress("6/6 relay catch-up: warming up");
            relay.relay(Math.max(100, n / 10), false);
            relay.resync();
            List<Double> relayed = new ArrayList<>();
            List<Double> resynced = new ArrayList<>();
            for (int round = 0; round < size.rounds(); round++) {
                // Alternately first, so that drift (the machine's load, PostgreSQL's vacuum) favours neither.
                long relayNanos;
                long resyncNanos;
                if (round % 2 == 0) {
                    relayNanos = relay.relay(n, true);
                    resyncNanos = relay.resync();
                } else {
                    resyncNanos = relay.resync();
                    relayNanos = relay.relay(n, true);
                }
                relayed.add(relayNanos / 1e9);
                resynced.add(resyncNanos / 1e9);
                progress(String.format(Locale.ROOT, "6/6 round %d: relay %.2f s (%,.0f rows/s), resync %.2f s (%,.0f rows/s)",
                        round + 1, relayNanos / 1e9, n / (relayNanos / 1e9), resyncNanos / 1e9, n / (resyncNanos / 1e9)));
            }
            double relaySeconds = Median.of(relayed);
            double resyncSeconds = Median.of(resynced);
            table.add("6. relay catch-up after a crash: " + ReportTable.count(n) + " outbox rows of single-entity commits "
                            + "whose process died before replicating them (its store down, closed with `kvsync.shutdown.timeout=0s`), "
                            + "replayed by a fresh KvSync (Redis store, `" + OutboxTable.DELIVERY + "=outbox`, `" + OutboxTable.GRACE
                            + "=0s`, `" + OutboxTable.POLL_INTERVAL + "=100ms`) registered on a new session factory: from `register` "
                            + "until the outbox is empty and all " + ReportTable.count(2.0 * n) + " keys are in Redis",
                    String.format(Locale.ROOT, "%.2f s (%s rows/s)", relaySeconds, ReportTable.count(n / relaySeconds)),
                    String.format(Locale.ROOT, "`KvSyncHibernate.resync` of the same %s rows (the table holds only them): "
                            + "%.2f s (%s rows/s)", ReportTable.count(n), resyncSeconds, ReportTable.count(n / resyncSeconds)),
                    ReportTable.fraction(resyncSeconds / relaySeconds));
        } finally {
            outbox.drop();
        }
    }

    private static <T> double median(List<T> rounds, ToDoubleFunction<T> figure) {
        return Median.of(rounds.stream().map(figure::applyAsDouble).toList());
    }

    /** With the load average, which shows when something else started running on the machine mid-way. */
    private static void progress(String message) {
        System.err.println("bench: " + message + " [load " + LoadAverage.now().split(",")[0] + "]");
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(line -> line.startsWith("MemTotal:"))
                    .map(line -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                    .findFirst().orElse("memory unknown");
        } catch (IOException | RuntimeException e) {
            return "memory unknown";
        }
    }
}
