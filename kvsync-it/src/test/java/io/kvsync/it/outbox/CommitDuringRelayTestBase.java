package io.kvsync.it.outbox;

import io.kvsync.engine.KvSync;
import io.kvsync.hibernate.KvSyncHibernate;
import io.kvsync.it.support.Eventually;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that a commit never waits for the outbox relay, even while the relay waits for the store: a process
 * that died left {@value #BACKLOG} changes in the outbox (here: closed while every store write failed); a
 * new process's relay (grace 0 s) claims them all, fewer than its batch, and offers them to a store that holds
 * every write ({@link HeldStore}), so the relay stays in the middle of its pass with its claimed rows leased
 * (an earlier relay held their locks in an open transaction meanwhile, which on MariaDB held every commit's
 * outbox insert behind it). Only
 * then, which the store's announcement of the first write makes certain, does an application thread commit a
 * change through the same session factory: it must commit while the store still holds every write (the
 * test gives it {@value #COMMIT_BOUND_SECONDS} s, against the relay's five-minute timeout), and the store
 * equals the database once released. Extended once per database.
 */
abstract class CommitDuringRelayTestBase extends OutboxServicesTest {

    private static final int BACKLOG = 30;
    private static final int COMMIT_BOUND_SECONDS = 10;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a stall fails, never hangs
    void a_commit_does_not_wait_for_a_relay_that_holds_its_claimed_rows_while_the_store_holds_its_writes()
            throws Exception {
        SessionFactory plain = cleanup.add(OutboxSetup.sessionFactory(jdbcUrl, "create-drop", 2));
        leaveBacklog();
        assertThat(OutboxSetup.outboxRows(jdbcUrl)).as("the dead process's backlog").isEqualTo(BACKLOG);

        HeldStore store = new HeldStore(OutboxSetup.redis(redisUri, prefix), writes -> { });
        Map<String, String> settings = OutboxSetup.outbox("0s", 500);
        settings.put("kvsync.outbox.relay-timeout", "5m");
        KvSync kv = cleanup.add(OutboxSetup.engine(store, settings));
        SessionFactory database = cleanup.add(OutboxSetup.sessionFactory(jdbcUrl, "none", 8));
        cleanup.add(store::release); // closed first: nothing stays held if the test fails
        KvSyncHibernate.register(database, kv);
        assertThat(store.awaitFirstWrite(Duration.ofSeconds(60))).as("the relay claimed the backlog and writes it")
                .isTrue();

        Account fresh = new Account("fresh", 1);
        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> database.inTransaction(session ->
                session.persist(fresh)));
        boolean committedWhileHeld;
        try {
            commit.get(COMMIT_BOUND_SECONDS, TimeUnit.SECONDS);
            committedWhileHeld = true;
        } catch (TimeoutException e) {
            committedWhileHeld = false;
        }
        String locks = committedWhileHeld ? "" : LockReport.waits(jdbcUrl);
        store.release();
        commit.get(5, TimeUnit.MINUTES);

        KvSync reader = cleanup.add(OutboxSetup.reader(redisUri, prefix));
        boolean converged = Eventually.within(Duration.ofSeconds(30), () -> OutboxSetup.outboxRows(jdbcUrl) == 0
                && StoreCheck.compare(plain, reader).divergent() == 0);
        StoreCheck.Outcome after = StoreCheck.compare(plain, reader);
        System.out.printf("commit during a relay on %s: %s while the store held every write%s; then %s%n",
                getClass().getSimpleName(),
                committedWhileHeld ? "committed" : "DID NOT commit within " + COMMIT_BOUND_SECONDS + " s", locks,
                (converged ? "converged: " : "did not converge: ") + after);
        assertThat(committedWhileHeld).as("the commit did not wait for the relay's transaction%s", locks).isTrue();
        assertThat(after.divergences()).as("the store equals the database once released: %s", after).isEmpty();
    }

    /** Commits {@value #BACKLOG} inserts in a process whose store fails every write, then closes it. */
    private void leaveBacklog() {
        SwitchableStore down = new SwitchableStore(OutboxSetup.redis(redisUri, prefix));
        down.down = true;
        Map<String, String> settings = OutboxSetup.outbox("10m", 500);
        settings.put("kvsync.shutdown.timeout", "0s");
        try (KvSync dead = OutboxSetup.engine(down, settings);
             SessionFactory database = OutboxSetup.sessionFactory(jdbcUrl, "none", 2)) {
            KvSyncHibernate.register(database, dead);
            for (int i = 0; i < BACKLOG; i++) {
                Account row = new Account("backlog-" + i, i);
                database.inTransaction(session -> session.persist(row));
            }
        }
    }
}
