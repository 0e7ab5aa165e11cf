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
