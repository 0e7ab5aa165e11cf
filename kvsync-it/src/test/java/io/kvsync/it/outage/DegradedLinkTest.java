package io.kvsync.it.outage;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.SyncReport;
import io.kvsync.engine.KvSync;
import io.kvsync.hibernate.KvSyncHibernate;
import io.kvsync.it.support.Cleanup;
import io.kvsync.it.support.Eventually;
import io.kvsync.it.support.RedisProcess;
import io.kvsync.it.support.ReportLog;
import io.kvsync.it.support.TcpProxy;
import io.kvsync.it.support.ThreadRecordingStore;
import io.lettuce.core.RedisCommandTimeoutException;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The link between the store and Redis turns slow (every chunk a second late, against a command timeout of
 * half a second) or becomes a black hole, then heals; eight threads commit throughout.
 */
class DegradedLinkTest {

    private static final int COMMITTERS = 8;
    private static final Duration STORE_TIMEOUT = Duration.ofMillis(500);
    private static final Duration LINK_DELAY = Duration.ofSeconds(1);
    /** Each fault lasts at least this long, and until every committer has committed during it. */
    private static final Duration FAULT = Duration.ofSeconds(3);
    private static final Duration CONVERGENCE = Duration.ofSeconds(30);

    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void cleanUp() {
        cleanup.close();
    }

    /** What goes wrong with the link. */
    enum LinkFault {
        SLOW("slow (every chunk 1 s late)"),
        BLACK_HOLE("black-holed");

        private final String description;

        LinkFault(String description) {
            this.description = description;
        }

        void applyTo(TcpProxy link) {
            if (this == SLOW) {
                link.delayEachChunk(LINK_DELAY);
            } else {
                link.blackHole();
            }
        }

        @Override
        public String toString() {
            return description;
        }
    }

    @ParameterizedTest(name = "over a {0} link store commands time out, commits never wait, and the store converges once it heals")
    @EnumSource(LinkFault.class)
    void over_a_degraded_link_store_commands_time_out_commits_never_wait_and_the_store_converges_once_it_heals(LinkFault fault) {
        long seed = System.nanoTime();
        RedisProcess redis = cleanup.add(RedisProcess.launch());
        TcpProxy link = cleanup.add(TcpProxy.to(redis.port()));
        SessionFactory database = cleanup.add(ParcelDatabase.open());
        ReportLog reports = new ReportLog();
        ThreadRecordingStore store = new ThreadRecordingStore(Engines.redis(link.redisUri(), STORE_TIMEOUT));
        KvSync kv = cleanup.add(Engines.writer(store, reports, Duration.ofSeconds(5)).build());
        // The test reads Redis directly, so what it sees does not depend on the link under test.
        KvSync reader = cleanup.add(Engines.reader(redis.uri()));
        KvSyncHibernate.register(database, kv);
        CommitLoad load = cleanup.add(CommitLoad.start(database, COMMITTERS, seed));
        assertThat(load.awaitEachThreadCommits(20, Duration.ofSeconds(60))).as("warm-up, seed %d", seed).isTrue();

        fault.applyTo(link);
        int faultStart = reports.mark();
        boolean committedDuringFault = lastFault(load);
        boolean timedOut = Eventually.within(Duration.ofSeconds(30),
                () -> !reports.since(faultStart, timedOut()).isEmpty());
        int pendingDuringFault = kv.stats().pending();

        link.heal();
        long healedAt = System.nanoTime();
        boolean committedAfterHeal = load.awaitEachThreadCommits(20, Duration.ofSeconds(60));
        load.close();
        List<String> mismatches = Eventually.emptyWithin(CONVERGENCE.minusNanos(System.nanoTime() - healedAt),
                () -> StoreComparison.mismatches(database, reader, load.keysEverUsed()));

        assertThat(load.failures()).as("every commit succeeded").isEmpty();
        assertThat(committedDuringFault).as("every committer committed 30 transactions while the link was %s", fault)
                .isTrue();
        assertThat(committedAfterHeal).isTrue();
        assertThat(store.callingThreads())
                .as("only the engine's workers ever called the store; no committing thread waited on it")
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).startsWith("kvsync-worker-"));

        assertThat(timedOut).as("the store's %s command timeout fired", STORE_TIMEOUT).isTrue();
        assertThat(reports.failedSince(faultStart)).as("every failure is the store's, with its cause")
                .allSatisfy(report -> assertThat(report.error()).isInstanceOf(KvStoreException.class));

        int distinctKeys = load.keysEverUsed().size();
        assertThat(pendingDuringFault).as("writes were held while the link was %s", fault).isPositive();
        assertThat(kv.stats().pendingHighWater())
                .as("the backlog is bounded by the %d distinct keys touched, not by the %d commits",
                        distinctKeys, load.totalCommits())
                .isLessThanOrEqualTo(distinctKeys);
        assertThat(kv.stats().rejected()).as("no write was refused for lack of room").isZero();

        assertThat(mismatches).as("within %s of healing the store equals the database (seed %d): %s",
                CONVERGENCE, seed, StoreComparison.summary(mismatches)).isEmpty();
    }

    /** Lets a fault last {@link #FAULT}, and until every committer committed during it; whether they did. */
    private static boolean lastFault(CommitLoad load) {
        long start = System.nanoTime();
        boolean committed = load.awaitEachThreadCommits(30, Duration.ofSeconds(60));
        Eventually.pause(Math.max(0, FAULT.toMillis() - (System.nanoTime() - start) / 1_000_000));
        return committed;
    }

    private static Predicate<SyncReport> timedOut() {
        return report -> report.error() != null && hasCause(report.error(), RedisCommandTimeoutException.class);
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
