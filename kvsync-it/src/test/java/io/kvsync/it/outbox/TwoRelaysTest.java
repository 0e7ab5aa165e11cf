package io.kvsync.it.outbox;

import io.kvsync.engine.KvSync;
import io.kvsync.it.support.Eventually;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that two relays in two JVMs work off one outbox backlog at once, sharing it rather than waiting
 * for or undoing each other, on PostgreSQL: a child JVM ({@link OutboxWriter}, mode {@code backlog}) commits
 * random transactions with the store up, waits until the store has them, then commits more with every store
 * write failing, and is killed: every change of its second phase is left in the outbox, and Redis holds
 * the first phase's (older) versions. Then two child JVMs ({@link RelayOnly}) that commit nothing register
 * KVSync in outbox mode (batch size 20, grace 0 s) at once. Each holds its first write until both have
 * announced one; a relay writes while it holds its claimed rows locked, so the two certainly hold two claimed
 * batches at the same time (with a claim that waited for locked rows instead of skipping them, the second
 * would never get to write). Afterwards the outbox is empty, every key equals the database, and no key is
 * left on an older version. No timing is asserted; each child's engine counters are printed.
 */
class TwoRelaysTest extends OutboxServicesTest {

    @Override
    String jdbcUrl() {
        return postgres();
    }

    private static final int UP_TRANSACTIONS = 400;
    private static final int DOWN_TRANSACTIONS = 2_000;
    private static final int BATCH_SIZE = 20;
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final Duration CONVERGENCE = Duration.ofSeconds(60);

    @Test
    void two_relays_in_two_jvms_share_one_backlog_at_once_and_leave_every_key_equal_to_the_database() throws Exception {
        long seed = System.nanoTime();
        try (SessionFactory plain = OutboxSetup.sessionFactory(jdbcUrl, "create-drop", 2);
             KvSync reader = OutboxSetup.reader(redisUri, prefix)) {
            String backlog;
            try (ChildJvm writer = ChildJvm.start("backlog-writer", OutboxWriter.class, List.of("backlog", jdbcUrl,
                    redisUri, prefix, String.valueOf(seed), String.valueOf(UP_TRANSACTIONS),
                    String.valueOf(DOWN_TRANSACTIONS)))) {
                writer.await(OutboxWriter.STORE_DOWN, STARTUP);
                backlog = writer.await(OutboxWriter.BACKLOG, STARTUP);
                assertThat(writer.kill()).as("killed by SIGKILL").isEqualTo(137);
            }
            long outboxLeft = OutboxSetup.outboxRows(jdbcUrl);
            StoreCheck.Outcome before = StoreCheck.compare(plain, reader);
            assertThat(Markers.count(backlog)).as("changes committed with the store down: %s", backlog).isPositive();
            assertThat(outboxLeft).as("the backlog").isGreaterThanOrEqualTo(Markers.count(backlog));
            assertThat(before.divergent()).as("the store is behind the database: %s", before).isPositive();

            String relayA;
            String relayB;
            long releasedAt;
            boolean converged;
            StoreCheck.Outcome after;
            long outboxAfter;
            try (ChildJvm a = ChildJvm.start("relay-a", RelayOnly.class, relayArgs());
                 ChildJvm b = ChildJvm.start("relay-b", RelayOnly.class, relayArgs())) {
                a.await(RelayOnly.WRITING, STARTUP);
                b.await(RelayOnly.WRITING, STARTUP);
                // Both relays hold a claimed batch now, each waiting for its first write.
                a.send(RelayOnly.RELEASE);
                b.send(RelayOnly.RELEASE);
                releasedAt = System.nanoTime();
                converged = Eventually.within(CONVERGENCE, () -> OutboxSetup.outboxRows(jdbcUrl) == 0
                        && StoreCheck.compare(plain, reader).divergent() == 0);
                after = StoreCheck.compare(plain, reader);
                outboxAfter = OutboxSetup.outboxRows(jdbcUrl);
                a.send(RelayOnly.STOP);
                b.send(RelayOnly.STOP);
                relayA = a.await(RelayOnly.STATS, STARTUP);
                relayB = b.await(RelayOnly.STATS, STARTUP);
                assertThat(a.awaitExit(STARTUP)).isZero();
                assertThat(b.awaitExit(STARTUP)).isZero();
            }

            System.out.printf("two relays (seed %d): the writer left %d outbox rows (%s); before the relays: %s; "
                            + "%s %d ms after the release: %s; outbox rows left: %d; relay A wrote %d (%s); relay B "
                            + "wrote %d (%s)%n", seed, outboxLeft, backlog, before.figures(),
                    converged ? "converged" : "NOT converged", (System.nanoTime() - releasedAt) / 1_000_000,
                    after.figures(), outboxAfter, Markers.field(relayA, "written"), relayA,
                    Markers.field(relayB, "written"), relayB);
            assertThat(after.divergences()).as("every key equals the database, none on an older version (seed %d): %s",
                    seed, after).isEmpty();
            assertThat(outboxAfter).as("the outbox is empty").isZero();
        }
    }

    private List<String> relayArgs() {
        return List.of(jdbcUrl, redisUri, prefix, String.valueOf(BATCH_SIZE), "0s");
    }
}
