package io.kvsync.engine.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters the write queue updates; read into a public snapshot by the facade. Thread-safe. */
public final class EngineStats {

    final LongAdder enqueued = new LongAdder();
    final LongAdder coalesced = new LongAdder();
    final LongAdder written = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder conflicts = new LongAdder();
    final AtomicInteger pending = new AtomicInteger();
    final AtomicInteger pendingHighWater = new AtomicInteger();
    /** When the store's calls began failing ({@link System#nanoTime}); {@link #NOT_FAILING} since one succeeded. */
    private volatile long failingSinceNanos = NOT_FAILING;
    private static final long NOT_FAILING = Long.MIN_VALUE;

    /** A store call failed: starts the failing period unless one is running. */
    void storeFailed() {
        if (failingSinceNanos == NOT_FAILING) {
            failingSinceNanos = System.nanoTime();
        }
    }

    /** A store call succeeded: ends the failing period. Read first, so that the hot path only reads. */
    void storeSucceeded() {
        if (failingSinceNanos != NOT_FAILING) {
            failingSinceNanos = NOT_FAILING;
        }
    }

    /** How long every store call has failed, in nanoseconds; {@code 0} when the last one succeeded. */
    public long storeFailingNanos() {
        long since = failingSinceNanos;
        return since == NOT_FAILING ? 0 : Math.max(1, System.nanoTime() - since);
    }

    void pendingAdded() {
        int now = pending.incrementAndGet();
        // Read first: the mark rarely moves, and a CAS on every enqueue would contend across threads.
        if (now > pendingHighWater.get()) {
            pendingHighWater.accumulateAndGet(now, Math::max);
        }
    }

    void pendingRemoved(int count) {
        pending.addAndGet(-count);
    }

    public long enqueued() {
        return enqueued.sum();
    }

    public long coalesced() {
        return coalesced.sum();
    }

    public long written() {
        return written.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public long retried() {
        return retried.sum();
    }

    public long rejected() {
        return rejected.sum();
    }

    public long conflicts() {
        return conflicts.sum();
    }

    public int pending() {
        return pending.get();
    }

    public int pendingHighWater() {
        return pendingHighWater.get();
    }
}
