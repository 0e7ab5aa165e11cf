package io.kvsync.it.outage;

import io.kvsync.it.support.Eventually;
import org.hibernate.SessionFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * Application threads that commit Hibernate transactions in a loop until stopped: inserts, status
 * updates, code changes (a key change) and deletes of {@link Parcel}s.
 *
 * <p>Each thread works on rows it inserted itself, so no two transactions race for a row: every commit
 * must succeed, and a failed one is a finding, recorded in {@link #failures()}. Threads are named
 * {@value #THREAD_PREFIX}{@code n}, so a test can tell them from the engine's workers.
 *
 * <p>Thread-safe; {@link #close()} stops the threads.
 */
final class CommitLoad implements AutoCloseable {

    static final String THREAD_PREFIX = "committer-";

    /** Rows each thread keeps before it starts deleting some. */
    private static final int ROWS_PER_THREAD = 25;

    private final SessionFactory database;
    private final AtomicLongArray commits;
    private final Set<String> keysEverUsed = ConcurrentHashMap.newKeySet();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    private CommitLoad(SessionFactory database, int threadCount) {
        this.database = database;
        this.commits = new AtomicLongArray(threadCount);
    }

    /** Starts {@code threadCount} committing threads, each with its own random sequence from {@code seed}. */
    static CommitLoad start(SessionFactory database, int threadCount, long seed) {
        CommitLoad load = new CommitLoad(database, threadCount);
        for (int t = 0; t < threadCount; t++) {
            int index = t;
            Thread thread = new Thread(() -> load.commitUntilStopped(index, new Random(seed + index)),
                    THREAD_PREFIX + t);
            thread.setDaemon(true);
            load.threads.add(thread);
        }
        load.threads.forEach(Thread::start);
        return load;
    }

    /**
     * Waits until every thread has committed {@code more} transactions beyond what it had committed when
     * called; {@code false} if that did not happen within {@code deadline} or a commit failed.
     */
    boolean awaitEachThreadCommits(long more, Duration deadline) {
        long[] from = commitsPerThread();
        return Eventually.within(deadline, () -> {
            if (!failures.isEmpty()) {
                return true; // give up waiting: the caller checks failures()
            }
            long[] now = commitsPerThread();
            for (int t = 0; t < now.length; t++) {
                if (now[t] < from[t] + more) {
                    return false;
                }
            }
            return true;
        }) && failures.isEmpty();
    }

    long[] commitsPerThread() {
        long[] counts = new long[commits.length()];
        for (int t = 0; t < counts.length; t++) {
            counts[t] = commits.get(t);
        }
        return counts;
    }

    long totalCommits() {
        long total = 0;
        for (long count : commitsPerThread()) {
            total += count;
        }
        return total;
    }

    /** Every key any committed state of any row had: each must now hold its row's state or be absent. */
    Set<String> keysEverUsed() {
        return Set.copyOf(keysEverUsed);
    }

    /** Commits that failed (each stopped its thread); empty when every commit succeeded. */
    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    /** Stops the threads after their current transaction and waits for them. Idempotent. */
    @Override
    public void close() {
        stopping = true;
        for (Thread thread : threads) {
            try {
                thread.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void commitUntilStopped(int index, Random random) {
        List<Long> rows = new ArrayList<>();
        int codes = 0;
        while (!stopping) {
            try {
                int dice = random.nextInt(100);
                if (rows.size() < ROWS_PER_THREAD || dice < 4) {
                    rows.add(insert("c" + index + "-" + codes++));
                } else {
                    Long id = rows.get(random.nextInt(rows.size()));
                    if (dice < 8) {
                        delete(id);
                        rows.remove(id);
                    } else if (dice < 14) {
                        String code = "c" + index + "-" + codes++; // unique: two rows never claim one key
                        update(id, parcel -> parcel.code = code);
                    } else {
                        String status = "s" + random.nextInt(1_000_000);
                        update(id, parcel -> parcel.status = status);
                    }
                }
                commits.incrementAndGet(index);
            } catch (RuntimeException | Error e) {
                failures.add(e);
                return;
            }
        }
    }

    private Long insert(String code) {
        Parcel parcel = new Parcel(code, "created");
        database.inTransaction(session -> session.persist(parcel));
        keysEverUsed.addAll(parcel.syncKeys().values());
        return parcel.id;
    }

    private void update(Long id, Consumer<Parcel> change) {
        Parcel changed = database.fromTransaction(session -> {
            Parcel parcel = session.find(Parcel.class, id);
            change.accept(parcel);
            return parcel;
        });
        keysEverUsed.addAll(changed.syncKeys().values());
    }

    private void delete(Long id) {
        database.inTransaction(session -> session.remove(session.find(Parcel.class, id)));
    }
}
