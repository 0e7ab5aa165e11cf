package io.kvsync.it.outage;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.SyncReport;
import io.kvsync.engine.KvSync;
import io.kvsync.engine.KvSyncStats;
import io.kvsync.hibernate.KvSyncHibernate;
import io.kvsync.it.support.Cleanup;
import io.kvsync.it.support.Eventually;
import io.kvsync.it.support.RedisProcess;
import io.kvsync.it.support.ReportLog;
import io.kvsync.it.support.ThreadRecordingStore;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis stops for several seconds while eight threads keep committing through Hibernate on PostgreSQL.
 */
class RedisOutageTest {

    private static final int COMMITTERS = 8;
    /** The outage lasts at least this long, and until every committer has committed while Redis is down. */
    private static final Duration OUTAGE = Duration.ofSeconds(6);
    private static final Duration CONVERGENCE = Duration.ofSeconds(30);
    private static final int COLD_ROWS = 100;

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void cleanUp() {
        cleanup.close();
    }

    @Test
    void commits_never_wait_for_a_stopped_redis_and_the_store_equals_the_database_after_its_restart() {
        long seed = System.nanoTime();
        RedisProcess redis = cleanup.add(RedisProcess.launch());
        SessionFactory database = cleanup.add(ParcelDatabase.open());
        ReportLog reports = new ReportLog();
        ThreadRecordingStore store = new ThreadRecordingStore(Engines.redis(redis.uri(), Duration.ofSeconds(2)));
        KvSync kv = cleanup.add(Engines.writer(store, reports, Duration.ofSeconds(5)).build());
        KvSync reader = cleanup.add(Engines.reader(redis.uri()));
        KvSyncHibernate.register(database, kv);
        // Rows nobody touches again: their entries must survive the outage as they are.
        ParcelDatabase.insertRows(database, COLD_ROWS, "cold-");
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).as("the cold rows are in Redis before the outage").isTrue();
        CommitLoad load = cleanup.add(CommitLoad.start(database, COMMITTERS, seed));
        assertThat(load.awaitEachThreadCommits(20, Duration.ofSeconds(60))).as("warm-up, seed %d", seed).isTrue();

        redis.stop();
        int outageStart = reports.mark();
        long stoppedAt = System.nanoTime();
        boolean committedDuringOutage = load.awaitEachThreadCommits(50, Duration.ofSeconds(60));
        Eventually.pause(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - stoppedAt) / 1_000_000));
        KvSyncStats endOfOutage = kv.stats();
        List<SyncReport> outageFailures = reports.failedSince(outageStart);
        assertThat(redis.isRunning()).as("Redis stayed down for the whole outage").isFalse();

        redis.start();
        long restartedAt = System.nanoTime();
        boolean committedAfterRestart = load.awaitEachThreadCommits(20, Duration.ofSeconds(60));
        load.close();
        Duration left = CONVERGENCE.minusNanos(System.nanoTime() - restartedAt);
        List<String> mismatches = Eventually.emptyWithin(left,
                () -> StoreComparison.mismatches(database, reader, load.keysEverUsed()));

        assertThat(load.failures()).as("every commit succeeded").isEmpty();
        assertThat(committedDuringOutage).as("every committer committed 50 transactions while Redis was down").isTrue();
        assertThat(committedAfterRestart).isTrue();
        assertThat(store.callingThreads())
                .as("only the engine's workers ever called the store; no committing thread waited on it")
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).startsWith("kvsync-worker-"));

        int distinctKeys = load.keysEverUsed().size();
        assertThat(endOfOutage.pending()).as("writes were held while Redis was down").isPositive();
        assertThat(kv.stats().pendingHighWater())
                .as("pending writes are bounded by the %d distinct keys touched, not by the %d commits",
                        distinctKeys, load.totalCommits())
                .isLessThanOrEqualTo(distinctKeys);
        assertThat(kv.stats().enqueued()).as("more writes than keys: coalescing is what kept the bound")
                .isGreaterThan(distinctKeys);
        assertThat(kv.stats().rejected()).as("no write was refused for lack of room").isZero();

        assertThat(outageFailures).as("failed attempts during the outage were reported").isNotEmpty()
                .allSatisfy(report -> assertThat(report.error()).isInstanceOf(KvStoreException.class));

        assertThat(mismatches).as("within %s of the restart the store equals the database (seed %d): %s",
                CONVERGENCE, seed, StoreComparison.summary(mismatches)).isEmpty();
    }
}
