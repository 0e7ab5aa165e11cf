package io.kvsync.it.failover;

import io.kvsync.engine.KvSync;
import io.kvsync.it.race.Ledger;
import io.kvsync.it.race.Wallet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Steady traffic through one engine until stopped: two writers commit updates (and a few deletes) to the
 * {@link Ledger} and replicate them, one with {@code enqueue}, the other with {@code sync} (which waits
 * for the store, so a stalled write reaches it as an exception); a reader fetches rows by either key and
 * in groups. Everything any call throws is collected, for the test to show that nothing reached the
 * caller. Thread-safe.
 */
final class Load {

    private static final int DELETES_PER_MILLE = 2;

    private final Ledger ledger;
    private final int rows;
    private final KvSync kv;
    private final Queue<Throwable> thrown = new ConcurrentLinkedQueue<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    Load(Ledger ledger, int rows, KvSync kv) {
        this.ledger = ledger;
        this.rows = rows;
        this.kv = kv;
    }

    void start() {
        threads.add(new Thread(() -> write(new Random(7), false), "load-enqueue-writer"));
        threads.add(new Thread(() -> write(new Random(11), true), "load-sync-writer"));
        Random random = new Random(97);
        threads.add(new Thread(() -> read(random), "load-reader"));
        threads.forEach(Thread::start);
    }

    /** Stops every thread and waits for it. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(60).toMillis());
        }
    }

    long commits() {
        return commits.get();
    }

    long reads() {
        return reads.get();
    }

    /** What enqueue, sync, fetch or fetchAll threw, in the order it happened. */
    List<Throwable> thrown() {
        return List.copyOf(thrown);
    }

    private void write(Random random, boolean sync) {
        while (running) {
            long id = 1 + random.nextInt(rows);
            try {
                if (random.nextInt(1000) < DELETES_PER_MILLE) {
                    ledger.delete(id).ifPresent(row -> {
                        if (sync) {
                            kv.delete(row, row.version());
                        } else {
                            kv.enqueueDelete(row, row.version());
                        }
                    });
                } else {
                    ledger.update(id, random.nextInt(100) - 50).ifPresent(row -> {
                        if (sync) {
                            kv.sync(row, row.version());
                        } else {
                            kv.enqueue(row, row.version());
                        }
                    });
                }
            } catch (RuntimeException e) {
                thrown.add(e);
            }
            commits.incrementAndGet();
            // Steady, without swamping two cores.
            LockSupport.parkNanos(200_000);
        }
    }

    private void read(Random random) {
        while (running) {
            long id = 1 + random.nextInt(rows);
            try {
                if (random.nextBoolean()) {
                    kv.fetchByKey(Wallet.class, Wallet.keysOf(id).get(random.nextInt(2)));
                } else {
                    List<String> keys = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        keys.addAll(Wallet.keysOf(1 + random.nextInt(rows)));
                    }
                    kv.fetchAll(Wallet.class, keys);
                }
            } catch (RuntimeException e) {
                thrown.add(e);
            }
            reads.incrementAndGet();
            LockSupport.parkNanos(500_000);
        }
    }
}
