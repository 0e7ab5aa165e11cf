package io.kvsync.it.outbox;

import io.kvsync.engine.KvSync;
import io.kvsync.engine.KvSyncStats;
import io.kvsync.hibernate.KvSyncHibernate;
import io.kvsync.it.outbox.MeteredLoad.Phase;
import io.kvsync.it.support.Eventually;
import io.kvsync.it.support.TcpProxy;
import org.hibernate.SessionFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that with a small queue ({@code kvsync.queue.capacity=100}) and Redis unreachable for
 * {@value #OUTAGE_SECONDS} s in the middle of {@value #CHANGES} changes committed by {@value #THREADS} threads
 * on PostgreSQL, no change is lost in either delivery mode and no reconcile is needed: the link between the
 * store and Redis (a {@link TcpProxy}) is black-holed after {@value #CUT_AT} commits and healed once the
 * outage has lasted {@value #OUTAGE_SECONDS} s and the commits up to {@value #HEAL_AT} ran in it (those after
 * wait for the heal); within {@value #CONVERGENCE_SECONDS} s of the heal every key equals the database, by the
 * re-read of the changes the full queue refused (memory delivery) or by the relay (outbox delivery, whose
 * outbox is then empty). Each commit is timed; the test prints the commit latency percentiles with the store
 * up (after a warm-up of {@value #WARM_UP} commits, timed apart) and down and their ratio, and asserts no timing.
 */
class StoreOutageDeliveryTest extends OutboxServicesTest {

    @Override
    String jdbcUrl() {
        return postgres();
    }

    private static final int THREADS = 8;
    private static final int CHANGES = 10_000;
    /** Commits that warm the JVM up (compilation, connections), timed apart from the store-up figures. */
    private static final int WARM_UP = 1_000;
    private static final int CUT_AT = 3_000;
    private static final int HEAL_AT = 7_000;
    private static final int OUTAGE_SECONDS = 20;
    private static final int CONVERGENCE_SECONDS = 30;
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration PHASE_DEADLINE = Duration.ofSeconds(120);

    /** How committed changes reach the engine ({@code kvsync.delivery}). */
    enum Delivery {
        MEMORY, OUTBOX;

        Map<String, String> settings() {
            Map<String, String> settings = this == OUTBOX ? OutboxSetup.outbox("1s", 500) : new HashMap<>();
            settings.put("kvsync.delivery", name().toLowerCase(java.util.Locale.ROOT));
            settings.put("kvsync.queue.capacity", "100");
            settings.put("kvsync.shutdown.timeout", "5s");
            return settings;
        }
    }

    @ParameterizedTest(name = "with {0} delivery, no change is lost while Redis is unreachable, and the store "
            + "equals the database soon after")
    @EnumSource(Delivery.class)
    void while_redis_is_unreachable_no_committed_change_is_lost_and_the_store_equals_the_database_soon_after_it_returns(
            Delivery delivery) throws Exception {
        long seed = System.nanoTime();
        long startedAt = System.nanoTime();
        TcpProxy link = cleanup.add(TcpProxy.to(OutboxSetup.port(redisUri)));
        SessionFactory database = cleanup.add(OutboxSetup.sessionFactory(jdbcUrl, "create-drop", THREADS + 8));
        KvSync reader = cleanup.add(OutboxSetup.reader(redisUri, prefix));
        KvSync kv = cleanup.add(KvSync.builder()
                .store(OutboxSetup.redis(link.redisUri(), prefix, STORE_TIMEOUT))
                .properties(delivery.settings())
                .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .build());
        KvSyncHibernate.register(database, kv);

        MeteredLoad load = MeteredLoad.start(database, THREADS, CHANGES, HEAL_AT, seed);
        assertThat(load.awaitCommitted(WARM_UP, PHASE_DEADLINE)).as("warm-up: %s", load.failures()).isTrue();
        load.phase(Phase.UP_BEFORE);
        assertThat(load.awaitCommitted(CUT_AT, PHASE_DEADLINE)).as("%d commits with the store up: %s", CUT_AT,
                load.failures()).isTrue();

        load.phase(Phase.DOWN);
        link.blackHole();
        long cutAt = System.nanoTime();
        assertThat(load.awaitCommitted(HEAL_AT, PHASE_DEADLINE)).as("commits up to %d with the store down: %s",
                HEAL_AT, load.failures()).isTrue();
        Eventually.pause(Math.max(0, OUTAGE_SECONDS * 1000L - (System.nanoTime() - cutAt) / 1_000_000));
        KvSyncStats endOfOutage = kv.stats();
        long outboxAtEndOfOutage = delivery == Delivery.OUTBOX ? OutboxSetup.outboxRows(jdbcUrl) : -1;
        link.heal();
        long healedAt = System.nanoTime();
        long outageMillis = (healedAt - cutAt) / 1_000_000;
        load.phase(Phase.UP_AFTER);
        load.openGate();

        assertThat(load.awaitDone(PHASE_DEADLINE)).as("every change committed: %s", load.failures()).isTrue();
        long loadDoneMillis = (System.nanoTime() - healedAt) / 1_000_000;
        Duration left = Duration.ofSeconds(CONVERGENCE_SECONDS).minusNanos(System.nanoTime() - healedAt);
        boolean converged = Eventually.within(left, () ->
                (delivery != Delivery.OUTBOX || OutboxSetup.outboxRows(jdbcUrl) == 0)
                        && StoreCheck.compare(database, reader).divergent() == 0);
        long convergedMillis = (System.nanoTime() - healedAt) / 1_000_000;
        StoreCheck.Outcome after = StoreCheck.compare(database, reader);
        long outboxAfter = delivery == Delivery.OUTBOX ? OutboxSetup.outboxRows(jdbcUrl) : -1;

        String stuck = delivery == Delivery.OUTBOX && outboxAfter > 0 ? OutboxDiagnosis.describe(jdbcUrl, kv) : "";
        long[] upBefore = load.latencies(Phase.UP_BEFORE);
        long[] upAfter = load.latencies(Phase.UP_AFTER);
        long[] up = load.latencies(Phase.UP_BEFORE, Phase.UP_AFTER);
        long[] down = load.latencies(Phase.DOWN);
        System.out.printf("store outage, %s delivery (seed %d): %d changes by %d threads, Redis unreachable for %d ms; "
                        + "commit latency p50/p99 in ms: store up %s (before the outage %s, after %s; warm-up %s), "
                        + "store down %s; "
                        + "ratio down/up: p50 %.2f, p99 %.2f; at the end of the outage: %s%s; the load ended %d ms "
                        + "after the heal; %s %d ms after the heal: %s%s; whole test %d s; engine: %s%s%n",
                delivery, seed, CHANGES, THREADS, outageMillis, percentiles(up), percentiles(upBefore),
                percentiles(upAfter), percentiles(load.latencies(Phase.WARM_UP)), percentiles(down),
                (double) percentile(down, 50) / percentile(up, 50), (double) percentile(down, 99) / percentile(up, 99),
                endOfOutage, outboxAtEndOfOutage < 0 ? "" : ", " + outboxAtEndOfOutage + " outbox rows",
                loadDoneMillis, converged ? "converged" : "NOT converged", convergedMillis, after.figures(),
                outboxAfter < 0 ? "" : ", outbox rows left: " + outboxAfter,
                (System.nanoTime() - startedAt) / 1_000_000_000, kv.stats(), stuck);

        assertThat(load.committed()).isEqualTo(CHANGES);
        assertThat(endOfOutage.rejected()).as("the full queue refused changes during the outage").isPositive();
        assertThat(after.divergences()).as("within %d s of the heal every key equals the database, with no reconcile "
                + "(seed %d): %s", CONVERGENCE_SECONDS, seed, after).isEmpty();
        if (delivery == Delivery.OUTBOX) {
            assertThat(outboxAfter).as("the outbox is empty").isZero();
        }
    }

    private static String percentiles(long[] sorted) {
        return sorted.length == 0 ? "-" : String.format("%.2f/%.2f (%d commits)", percentile(sorted, 50) / 1e6,
                percentile(sorted, 99) / 1e6, sorted.length);
    }

    private static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
