package io.kvsync.it.outbox;

import io.kvsync.engine.KvSync;
import io.kvsync.hibernate.KvSyncHibernate;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The child JVM that commits and is killed: {@value #THREADS} threads run {@link RandomWorkload}
 * transactions through Hibernate with KVSync registered in outbox mode, on a real Redis. Its own relay is
 * kept out of the way (a grace of ten minutes), so that what it committed and did not deliver is left to the
 * parent's relay.
 *
 * <p>Mode {@code kill}: before the load it commits three rows with codes outside the pool ({@link #PREPARED},
 * replicated), then holds two transactions where a crash hurts most and says so: one committed (a code
 * change, a delete and an insert) and stopped before its changes reach KVSync ({@link #HELD_COMMITTED}), and
 * one stopped inside its commit after its outbox row was written and before the database commits
 * ({@link #HELD_UNCOMMITTED}). Then the threads commit until the process is killed, printing
 * {@link #COMMITTED} every {@value #REPORT_EVERY} commits.
 *
 * <p>Mode {@code backlog}: the threads run a number of transactions with the store up, wait until the store
 * has them all, then run more with the store down (every write fails), print {@link #BACKLOG}, and wait to be
 * killed: every change of the second phase is left in the outbox.
 */
public final class OutboxWriter {

    static final String PREPARED = "PREPARED";
    static final String HELD_COMMITTED = "HELD-COMMITTED";
    static final String HELD_UNCOMMITTED = "HELD-UNCOMMITTED";
    static final String COMMITTED = "COMMITTED";
    static final String STORE_DOWN = "STORE-DOWN";
    static final String BACKLOG = "BACKLOG";

    static final int THREADS = 8;
    private static final int REPORT_EVERY = 20;
    private static final CountDownLatch NEVER = new CountDownLatch(1);

    private OutboxWriter() {
    }

    /**
     * Arguments: mode ({@code kill} or {@code backlog}), JDBC URL, Redis URI, key prefix, seed; with
     * {@code backlog}, the transactions to run with the store up and then down.
     */
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String jdbcUrl = args[1];
        long seed = Long.parseLong(args[4]);
        SwitchableStore store = new SwitchableStore(OutboxSetup.redis(args[2], args[3]));
        Map<String, String> settings = OutboxSetup.outbox("10m", 500);
        settings.put("kvsync.shutdown.timeout", "0s");
        KvSync kv = OutboxSetup.engine(store, settings);
        SessionFactory database = OutboxSetup.sessionFactory(jdbcUrl, "none", THREADS + 8);
        KvSyncHibernate.register(database, kv);
        RandomWorkload workload = new RandomWorkload(database);
        if (mode.equals("kill")) {
            holdTwoTransactions(database, kv);
            startThreads(seed, random -> {
                while (true) {
                    long committed = workload.runOne(random);
                    if (committed > 0 && committed % REPORT_EVERY == 0) {
                        ChildJvm.mark(COMMITTED + " " + committed + " " + workload.summary());
                    }
                }
            });
        } else {
            int up = Integer.parseInt(args[5]);
            int down = Integer.parseInt(args[6]);
            runTransactions(seed, workload, up);
            if (!kv.awaitIdle(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the store did not take the first phase's changes");
            }
            long upCommitted = workload.committed();
            store.down = true;
            ChildJvm.mark(STORE_DOWN + " " + workload.summary());
            runTransactions(seed + 1000, workload, down);
            ChildJvm.mark(BACKLOG + " " + (workload.committed() - upCommitted) + " " + workload.summary());
        }
        NEVER.await(); // until killed
    }

    /** Runs {@code count} transactions (committed or not) on {@value #THREADS} threads, and waits for them. */
    private static void runTransactions(long seed, RandomWorkload workload, int count) throws InterruptedException {
        AtomicLong started = new AtomicLong();
        List<Thread> threads = startThreads(seed, random -> {
            while (started.incrementAndGet() <= count) {
                workload.runOne(random);
            }
        });
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static List<Thread> startThreads(long seed, Consumer<Random> work) {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(seed + t);
            Thread thread = new Thread(() -> work.accept(random), "writer-" + t);
            threads.add(thread);
            thread.start();
        }
        return threads;
    }

    /**
     * Commits three rows outside the pool and waits until the store has them; then holds one transaction after
     * its commit, before KVSync hears of it, and one inside its commit, after its outbox row was written, each
     * on a thread of its own that never goes on. Returns once both are held.
     */
    private static void holdTwoTransactions(SessionFactory database, KvSync kv) throws InterruptedException {
        Account moved = new Account("held-1a", 100);
        Account deleted = new Account("held-2", 200);
        Account uncommitted = new Account("held-4a", 400);
        database.inTransaction(session -> {
            session.persist(moved);
            session.persist(deleted);
            session.persist(uncommitted);
        });
        if (!kv.awaitIdle(Duration.ofSeconds(60))
                || kv.fetchByKey(Account.class, Account.KEY_SPACE + "code:held-1a").isEmpty()) {
            throw new IllegalStateException("the store did not take the rows outside the pool");
        }
        ChildJvm.mark(PREPARED + " moved=" + moved.id + " deleted=" + deleted.id + " uncommitted=" + uncommitted.id
                + " version=" + uncommitted.version);

        CountDownLatch held = new CountDownLatch(2);
        Thread afterCommit = new Thread(() -> {
            try (Session session = database.openSession()) {
                Transaction tx = session.beginTransaction();
                Account row = session.find(Account.class, moved.id);
                row.code = "held-1b";
                session.remove(session.find(Account.class, deleted.id));
                Account inserted = new Account("held-3", 300);
                session.persist(inserted);
                session.flush();
                // Synchronizations hear of the completion before the session's post-commit listeners (KVSync's).
                tx.registerSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                    }

                    @Override
                    public void afterCompletion(int status) {
                        if (status == Status.STATUS_COMMITTED) {
                            ChildJvm.mark(HELD_COMMITTED + " moved=" + row.id + " version=" + row.version
                                    + " deleted=" + deleted.id + " deletedVersion=" + deleted.version
                                    + " inserted=" + inserted.id);
                            held.countDown();
                            awaitForever();
                        }
                    }
                });
                tx.commit();
            }
        }, "held-after-commit");
        Thread inCommit = new Thread(() -> {
            try (Session session = database.openSession()) {
                Transaction tx = session.beginTransaction();
                Account row = session.find(Account.class, uncommitted.id);
                row.code = "held-4b";
                row.balance += 1;
                session.flush();
                // Synchronizations run after the session's before-completion work (the outbox insert), before
                // the database commit.
                tx.registerSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                        long recorded = session.doReturningWork(connection ->
                                OutboxSetup.outboxRowsOf(connection, row.id, 'U', row.version));
                        ChildJvm.mark(HELD_UNCOMMITTED + " row=" + row.id + " version=" + row.version
                                + " outboxRowsInItsTransaction=" + recorded);
                        held.countDown();
                        awaitForever();
                    }

                    @Override
                    public void afterCompletion(int status) {
                    }
                });
                tx.commit();
            }
        }, "held-in-commit");
        afterCommit.start();
        inCommit.start();
        held.await();
    }

    private static void awaitForever() {
        try {
            NEVER.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
