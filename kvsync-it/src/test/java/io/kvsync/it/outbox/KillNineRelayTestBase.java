package io.kvsync.it.outbox;

import io.kvsync.engine.KvSync;
import io.kvsync.it.support.Eventually;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that with {@code kvsync.delivery=outbox} a JVM killed with SIGKILL while eight threads commit loses
 * no change: a child JVM ({@link OutboxWriter}) runs random transactions on {@link Account}s whose codes
 * change hands (inserts, updates, key changes, deletes, replacements, hand-overs; a quarter rolled back) on
 * a real Redis, and is killed after at least {@value #COMMITS_BEFORE_KILL} commits, while its threads go on
 * committing and while it certainly holds one transaction committed but not yet handed to KVSync and one
 * inside its commit with its outbox row written. A second child JVM ({@link RelayOnly}: outbox mode, grace
 * 1 s, commits nothing) then starts on the same database and Redis prefix, and no one calls reconcile: within
 * {@value #CONVERGENCE_SECONDS} s of its start its relay has made every key equal the database (every
 * key of every row holds the row at its version; every stored key is one a row justifies), and emptied the
 * outbox. Extended once per database.
 */
abstract class KillNineRelayTestBase extends OutboxServicesTest {

    private static final int COMMITS_BEFORE_KILL = 300;
    private static final int CONVERGENCE_SECONDS = 30;
    private static final Duration STARTUP = Duration.ofSeconds(120);

    @Test
    void after_a_kill_9_while_eight_threads_commit_a_new_jvms_relay_makes_every_key_equal_the_database_unreconciled()
            throws Exception {
        long seed = System.nanoTime();
        // Creates the table before the child starts and drops it when the test ends; the test reads rows through it.
        try (SessionFactory plain = OutboxSetup.sessionFactory(jdbcUrl, "create-drop", 2)) {
            String prepared;
            String heldCommitted;
            String heldUncommitted;
            String lastCommitted;
            int exit;
            try (ChildJvm writer = ChildJvm.start("writer", OutboxWriter.class,
                    List.of("kill", jdbcUrl, redisUri, prefix, String.valueOf(seed)))) {
                prepared = writer.await(OutboxWriter.PREPARED, STARTUP);
                heldCommitted = writer.await(OutboxWriter.HELD_COMMITTED, STARTUP);
                heldUncommitted = writer.await(OutboxWriter.HELD_UNCOMMITTED, STARTUP);
                lastCommitted = writer.await(COMMITS_BEFORE_KILL + " commits",
                        marker -> marker.startsWith(OutboxWriter.COMMITTED + " ")
                                && Markers.count(marker) >= COMMITS_BEFORE_KILL, STARTUP);
                exit = writer.kill(); // while its eight threads commit: they never stop by themselves
            }
            assertThat(exit).as("killed by SIGKILL").isEqualTo(137);

            long moved = Markers.field(heldCommitted, "moved");
            long movedVersion = Markers.field(heldCommitted, "version");
            long deleted = Markers.field(heldCommitted, "deleted");
            long inserted = Markers.field(heldCommitted, "inserted");
            long uncommitted = Markers.field(heldUncommitted, "row");
            long outboxLeft = OutboxSetup.outboxRows(jdbcUrl);
            assertThat(Markers.field(heldUncommitted, "outboxRowsInItsTransaction"))
                    .as("the transaction killed inside its commit had written its outbox row").isEqualTo(1);
            assertThat(OutboxSetup.outboxRowsOf(jdbcUrl, uncommitted, 'U', Markers.field(heldUncommitted, "version")))
                    .as("that row died with its transaction").isZero();
            assertThat(List.of(OutboxSetup.outboxRowsOf(jdbcUrl, moved, 'U', movedVersion),
                    OutboxSetup.outboxRowsOf(jdbcUrl, deleted, 'D', Markers.field(heldCommitted, "deletedVersion")),
                    OutboxSetup.outboxRowsOf(jdbcUrl, inserted, 'I', 0)))
                    .as("the committed transaction that never reached KVSync left its three changes in the outbox")
                    .containsExactly(1L, 1L, 1L);

            try (KvSync reader = OutboxSetup.reader(redisUri, prefix)) {
                StoreCheck.Outcome before = StoreCheck.compare(plain, reader);
                assertThat(before.missing()).as("what the killed child committed and did not deliver: %s", before)
                        .anyMatch(line -> line.startsWith(Account.KEY_SPACE + "code:held-1b:"));

                long startedAt = System.nanoTime();
                boolean converged;
                String relayStats;
                try (ChildJvm relay = ChildJvm.start("relay", RelayOnly.class,
                        List.of(jdbcUrl, redisUri, prefix, "500", "1s"))) {
                    relay.send(RelayOnly.RELEASE); // its store passes every write on at once
                    // No reconcile anywhere: the new JVM's relay alone, from its start.
                    converged = Eventually.within(Duration.ofSeconds(CONVERGENCE_SECONDS), () ->
                            OutboxSetup.outboxRows(jdbcUrl) == 0 && StoreCheck.compare(plain, reader).divergent() == 0);
                    relay.send(RelayOnly.STOP);
                    relayStats = relay.await(RelayOnly.STATS, STARTUP);
                    assertThat(relay.awaitExit(STARTUP)).isZero();
                }
                long convergedMillis = (System.nanoTime() - startedAt) / 1_000_000;
                StoreCheck.Outcome after = StoreCheck.compare(plain, reader);
                long outboxAfter = OutboxSetup.outboxRows(jdbcUrl);

                System.out.printf("kill -9 on %s (seed %d): the child committed %s before the kill; it left %d outbox "
                                + "rows; before the relay: %s; %s %d ms after a new JVM started: %s; outbox rows left: "
                                + "%d; the new JVM's engine: %s%n", getClass().getSimpleName(), seed, lastCommitted,
                        outboxLeft, before.figures(), converged ? "converged" : "NOT converged", convergedMillis,
                        after.figures(), outboxAfter, relayStats);

                assertThat(after.divergences()).as("within %d s of registering, every key equals the database "
                        + "(seed %d): %s", CONVERGENCE_SECONDS, seed, after).isEmpty();
                assertThat(outboxAfter).as("the outbox is empty").isZero();
                assertThat(after.rows()).isPositive();
                // The two held transactions, named: the committed one is in the store, the uncommitted one is not.
                Map<String, Account> held = reader.fetchAll(Account.class, List.of(
                        Account.KEY_SPACE + "code:held-1b", Account.KEY_SPACE + "code:held-1a",
                        Account.KEY_SPACE + "id:" + deleted, Account.KEY_SPACE + "code:held-3",
                        Account.KEY_SPACE + "code:held-4a", Account.KEY_SPACE + "code:held-4b"));
                assertThat(held.keySet()).as("the held transactions' keys in the store (prepared: %s)", prepared)
                        .containsExactlyInAnyOrder(Account.KEY_SPACE + "code:held-1b",
                                Account.KEY_SPACE + "code:held-3", Account.KEY_SPACE + "code:held-4a");
                assertThat(held.get(Account.KEY_SPACE + "code:held-1b").version).isEqualTo(movedVersion);
                assertThat(held.get(Account.KEY_SPACE + "code:held-4a").version)
                        .isEqualTo(Markers.field(prepared, "version"));
            }
        }
    }
}
