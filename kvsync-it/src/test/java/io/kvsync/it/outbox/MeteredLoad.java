package io.kvsync.it.outbox;

import io.kvsync.it.support.Eventually;
import org.hibernate.SessionFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Threads that commit a fixed number of changes in all, one change per transaction, and time each commit
 * ({@link System#nanoTime()} around the transaction). Each thread works on rows and codes of its own, so
 * every commit must succeed (a failure is recorded and stops its thread): inserts, balance updates, key
 * changes to a code another of its rows gave up, and deletes, so that codes pass between its rows. The
 * changes from number {@code holdFrom} on wait for {@link #openGate()} before they begin, so that a test can
 * be sure the changes before it ran in a phase of its own. A commit's latency counts for the phase the test
 * set ({@link #phase}) when it began, if the phase was still the same when it ended.
 */
final class MeteredLoad {

    /** The store's state, as the test sets it; the first commits warm the JVM up and count apart. */
    enum Phase { WARM_UP, UP_BEFORE, DOWN, UP_AFTER }

    private static final int CODES_PER_THREAD = 12;
    private static final int MOST_ROWS_PER_THREAD = 8;

    private final SessionFactory database;
    private final int total;
    private final int holdFrom;
    private final AtomicInteger tickets = new AtomicInteger();
    private final AtomicLong committed = new AtomicLong();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final Map<Phase, long[]> latencies = new EnumMap<>(Phase.class);
    private final Map<Phase, AtomicInteger> counts = new EnumMap<>(Phase.class);
    private final List<Thread> threads = new ArrayList<>();
    private volatile Phase phase = Phase.WARM_UP;

    private MeteredLoad(SessionFactory database, int total, int holdFrom) {
        this.database = database;
        this.total = total;
        this.holdFrom = holdFrom;
        for (Phase each : Phase.values()) {
            latencies.put(each, new long[total]);
            counts.put(each, new AtomicInteger());
        }
    }

    /** Starts {@code threadCount} threads that commit {@code total} changes in all. */
    static MeteredLoad start(SessionFactory database, int threadCount, int total, int holdFrom, long seed) {
        MeteredLoad load = new MeteredLoad(database, total, holdFrom);
        for (int t = 0; t < threadCount; t++) {
            int index = t;
            Thread thread = new Thread(() -> load.commit(index, new Random(seed + index)), "committer-" + t);
            thread.setDaemon(true);
            load.threads.add(thread);
        }
        load.threads.forEach(Thread::start);
        return load;
    }

    void phase(Phase now) {
        phase = now;
    }

    /** Lets the changes from number {@code holdFrom} on begin. */
    void openGate() {
        gate.countDown();
    }

    long committed() {
        return committed.get();
    }

    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Waits until {@code count} changes committed; {@code false} on a failure or when {@code deadline} passed. */
    boolean awaitCommitted(long count, Duration deadline) {
        return Eventually.within(deadline, () -> !failures.isEmpty() || committed.get() >= count) && failures.isEmpty();
    }

    /** Waits for every thread to finish. */
    boolean awaitDone(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                return false;
            }
        }
        return failures.isEmpty();
    }

    /** The latencies (nanoseconds) of the commits that began and ended in {@code of}, sorted. */
    long[] latencies(Phase... of) {
        long[] all = new long[0];
        for (Phase each : of) {
            long[] some = Arrays.copyOf(latencies.get(each), Math.min(total, counts.get(each).get()));
            long[] joined = Arrays.copyOf(all, all.length + some.length);
            System.arraycopy(some, 0, joined, all.length, some.length);
            all = joined;
        }
        Arrays.sort(all);
        return all;
    }

    private void commit(int index, Random random) {
        List<Account> rows = new ArrayList<>();
        List<String> free = new ArrayList<>();
        for (int c = 0; c < CODES_PER_THREAD; c++) {
            free.add("t" + index + "-k" + c);
        }
        try {
            while (true) {
                int ticket = tickets.getAndIncrement();
                if (ticket >= total) {
                    return;
                }
                if (ticket >= holdFrom) {
                    gate.await();
                }
                Phase began = phase;
                long start = System.nanoTime();
                change(rows, free, random);
                long took = System.nanoTime() - start;
                if (phase == began) {
                    int slot = counts.get(began).getAndIncrement();
                    if (slot < total) {
                        latencies.get(began)[slot] = took;
                    }
                }
                committed.incrementAndGet();
            }
        } catch (RuntimeException | Error | InterruptedException e) {
            failures.add(e);
        }
    }

    private void change(List<Account> rows, List<String> free, Random random) {
        int dice = random.nextInt(100);
        if (rows.size() < 3 || (dice < 10 && rows.size() < MOST_ROWS_PER_THREAD)) {
            Account row = new Account(free.remove(random.nextInt(free.size())), random.nextInt(1000));
            database.inTransaction(session -> session.persist(row));
            rows.add(row);
            return;
        }
        Account row = rows.get(random.nextInt(rows.size()));
        if (dice < 18) {
            database.inTransaction(session -> session.remove(session.find(Account.class, row.id)));
            rows.remove(row);
            free.add(row.code);
            return;
        }
        Account changed;
        if (dice < 40) {
            // A key change: the row takes a code another of this thread's rows gave up, and frees its own.
            String code = free.remove(random.nextInt(free.size()));
            changed = database.fromTransaction(session -> {
                Account held = session.find(Account.class, row.id);
                held.code = code;
                return held;
            });
            free.add(row.code);
        } else {
            long add = 1 + random.nextInt(100);
            changed = database.fromTransaction(session -> {
                Account held = session.find(Account.class, row.id);
                held.balance += add;
                return held;
            });
        }
        rows.set(rows.indexOf(row), changed);
    }
}
