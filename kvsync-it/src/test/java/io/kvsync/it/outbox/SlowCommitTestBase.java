package io.kvsync.it.outbox;

import io.kvsync.engine.KvSync;
import io.kvsync.hibernate.KvSyncHibernate;
import io.kvsync.it.support.Eventually;
import jakarta.transaction.Synchronization;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that a transaction slow to commit (its outbox row written, its commit not yet done) stalls neither
 * the outbox relay nor other transactions' commits: one process, whose store fails every write, holds a
 * transaction inside its commit after its outbox row was written (a {@link Synchronization} that waits), then
 * commits {@value #BACKLOG} changes that stay in the outbox. Only then, which a latch makes certain, a second
 * process registers with a relay (grace 0 s): within {@value #BOUND_SECONDS} s it must have delivered that
 * backlog and emptied the outbox of it, and a commit through it must go through, both while the slow
 * transaction is still held; once released, the store equals the database. Extended once per database.
 */
abstract class SlowCommitTestBase extends OutboxServicesTest {

    private static final int BACKLOG = 30;
    private static final int BOUND_SECONDS = 15;

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseTheSlowTransaction() {
        release.countDown(); // before the resources close: the held commit would keep its connection
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a stall fails, never hangs
    void a_transaction_slow_to_commit_stalls_neither_the_relay_nor_other_commits() throws Exception {
        SessionFactory plain = cleanup.add(OutboxSetup.sessionFactory(jdbcUrl, "create-drop", 2));
        KvSync reader = cleanup.add(OutboxSetup.reader(redisUri, prefix));

        // The first process: its store is down, its own relay out of the way.
        SwitchableStore down = new SwitchableStore(OutboxSetup.redis(redisUri, prefix));
        down.down = true;
        Map<String, String> settings = OutboxSetup.outbox("10m", 500);
        settings.put("kvsync.shutdown.timeout", "0s");
        KvSync first = cleanup.add(OutboxSetup.engine(down, settings));
        SessionFactory firstDatabase = cleanup.add(OutboxSetup.sessionFactory(jdbcUrl, "none", 4));
        KvSyncHibernate.register(firstDatabase, first);
        CountDownLatch inCommit = new CountDownLatch(1);
        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> commitSlowly(firstDatabase, inCommit));
        assertThat(inCommit.await(60, TimeUnit.SECONDS)).as("the slow transaction is inside its commit").isTrue();
        for (int i = 0; i < BACKLOG; i++) {
            Account row = new Account("backlog-" + i, i);
            firstDatabase.inTransaction(session -> session.persist(row));
        }
        assertThat(OutboxSetup.outboxRows(jdbcUrl)).as("the backlog (the slow row is not committed)").isEqualTo(BACKLOG);

        // The second process, with a relay that takes every row at once.
        KvSync kv = cleanup.add(OutboxSetup.engine(OutboxSetup.redis(redisUri, prefix), OutboxSetup.outbox("0s", 500)));
        SessionFactory database = cleanup.add(OutboxSetup.sessionFactory(jdbcUrl, "none", 8));
        KvSyncHibernate.register(database, kv);
        boolean relayed = Eventually.within(Duration.ofSeconds(BOUND_SECONDS), () -> OutboxSetup.outboxRows(jdbcUrl) == 0);
        String relayLocks = relayed ? "" : LockReport.waits(jdbcUrl);
        Account fresh = new Account("fresh", 1);
        CompletableFuture<Void> commit = CompletableFuture.runAsync(() -> database.inTransaction(session ->
                session.persist(fresh)));
        boolean committed = completes(commit);
        String commitLocks = committed ? "" : LockReport.waits(jdbcUrl);
        boolean slowStillHeld = !slow.isDone();

        release.countDown();
        slow.get(2, TimeUnit.MINUTES);
        commit.get(2, TimeUnit.MINUTES);
        boolean converged = Eventually.within(Duration.ofSeconds(30), () -> OutboxSetup.outboxRows(jdbcUrl) == 0
                && StoreCheck.compare(plain, reader).divergent() == 0);
        StoreCheck.Outcome after = StoreCheck.compare(plain, reader);
        System.out.printf("slow commit on %s: the relay %s the backlog and another commit %s while a transaction was "
                        + "held inside its commit%s%s; once released: %s%n", getClass().getSimpleName(),
                relayed ? "delivered" : "DID NOT deliver", committed ? "went through" : "DID NOT go through",
                relayLocks, commitLocks, (converged ? "converged, " : "NOT converged, ") + after);

        assertThat(slowStillHeld).isTrue();
        assertThat(relayed).as("within %d s the relay delivered and deleted the backlog%s", BOUND_SECONDS, relayLocks)
                .isTrue();
        assertThat(committed).as("a commit went through within %d s%s", BOUND_SECONDS, commitLocks).isTrue();
        assertThat(after.divergences()).as("the store equals the database once released: %s", after).isEmpty();
        assertThat(OutboxSetup.outboxRows(jdbcUrl)).isZero();
    }

    private static boolean completes(CompletableFuture<Void> commit) throws Exception {
        try {
            commit.get(BOUND_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Inserts a row and stops inside the commit, after the outbox row was written, until released. */
    private void commitSlowly(SessionFactory database, CountDownLatch inCommit) {
        try (Session session = database.openSession()) {
            Transaction tx = session.beginTransaction();
            session.persist(new Account("slow", 1));
            session.flush();
            // Synchronizations run after the session's before-completion work (the outbox insert).
            tx.registerSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    inCommit.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void afterCompletion(int status) {
                }
            });
            tx.commit();
        }
    }
}
