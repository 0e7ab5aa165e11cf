package io.kvsync.it.failover;

import io.kvsync.api.SyncReport;
import io.kvsync.engine.KvSync;
import io.kvsync.it.race.Ledger;
import io.kvsync.marshal.bson.BsonMarshaler;
import io.kvsync.store.redis.RedisClientLibrary;
import io.kvsync.store.redis.RedisKvStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis Cluster fails over while KVSync writes and reads through it: a replica takes over a master
 * ({@code CLUSTER FAILOVER}), twice, each time for other slots. The redirects, the new masters'
 * empty script caches and the paused writes stay inside the store and the engine: no call of the
 * application throws, and the store converges to the database. Once through each client library, on
 * the same cluster: a fail-over leaves it healthy (3 masters, 3 replicas) for the next.
 */
class ClusterFailoverTest {

    private static final int ROWS = 500;
    /** Commits between one step of the test and the next, so that each fail-over happens under load. */
    private static final long COMMITS_PER_PHASE = 2_000;
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    private static OwnRedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = OwnRedisCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void anyMasterMayFailOverAgain() {
        cluster.forgetFailovers();
    }

    @ParameterizedTest(name = "through {0}")
    @EnumSource(RedisClientLibrary.class)
    void writes_made_while_replicas_take_over_converge_and_no_redirect_reaches_the_application(
            RedisClientLibrary library) throws Exception {
        Ledger ledger = new Ledger(ROWS);
        Queue<SyncReport> failedAttempts = new ConcurrentLinkedQueue<>();
        RedisKvStore store = RedisKvStore.builder()
                .clientLibrary(library)
                .uris(cluster.seedUris())
                .prefix("kvsync-it:failover:" + UUID.randomUUID() + ":")
                .tombstoneTtl(Duration.ofMinutes(5))
                .build();
        try (KvSync kv = KvSync.builder()
                .store(store)
                .marshaler(BsonMarshaler.create())
                .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(500))
                .onReport(report -> {
                    if (!report.ok()) {
                        failedAttempts.add(report);
                    }
                })
                .build()) {
            ledger.rows().values().forEach(row -> kv.enqueue(row, row.version()));
            Load load = new Load(ledger, ROWS, kv);
            load.start();
            List<OwnRedisCluster.Failover> failovers = new ArrayList<>();
            try {
                awaitMore(load::commits, COMMITS_PER_PHASE);
                failovers.add(cluster.failOverAMaster());
                awaitMore(load::commits, COMMITS_PER_PHASE);
                failovers.add(cluster.failOverAMaster());
                awaitMore(load::commits, COMMITS_PER_PHASE);
            } finally {
                load.stop();
            }
            assertThat(kv.awaitIdle(DEADLINE)).as("every write acknowledged").isTrue();

            assertThat(load.thrown()).as("exceptions thrown to the application by enqueue, sync, fetch or fetchAll")
                    .isEmpty();
            assertThat(load.reads()).as("reads made during the test").isPositive();
            for (OwnRedisCluster.Failover failover : failovers) {
                assertThat(cluster.role(failover.newMaster())).as("node " + failover.newMaster()).isEqualTo("master");
            }
            assertThat(failedAttempts).as("failed attempts (retried): none may be a cross-slot command")
                    .noneMatch(report -> String.valueOf(report.error()).contains("CROSSSLOT"));
            assertStoreMatches(ledger, kv);
        }
    }

    private static void awaitMore(LongSupplier counter, long more) throws InterruptedException {
        long target = counter.getAsLong() + more;
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (counter.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the load made " + counter.getAsLong() + " commits, " + target
                        + " expected within " + DEADLINE);
            }
            Thread.sleep(20);
        }
    }

    private static void assertStoreMatches(Ledger ledger, KvSync reader) {
        assertThat(ledger.keysDifferingFrom(reader, ROWS))
                .as("keys whose stored state is not the database's latest").isEmpty();
    }
}
