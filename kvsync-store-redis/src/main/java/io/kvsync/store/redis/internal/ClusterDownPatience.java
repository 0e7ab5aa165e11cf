package io.kvsync.store.redis.internal;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits out a cluster that answers {@code CLUSTERDOWN} for a moment, for reads. While a replica takes over a
 * master, a node can refuse commands that way until it learns the new configuration; the clients follow
 * {@code MOVED} and {@code ASK} but pass {@code CLUSTERDOWN} on. A read is asked again after a short pause,
 * pauses doubling from 5 ms up to 200 ms, for at most {@link #PATIENCE_NANOS} (a fail-over takes about a
 * second); a cluster that stays down fails the read. Writes need none of this: the engine retries them.
 * Stateless.
 */
final class ClusterDownPatience {

    /** How long a read waits for a cluster that answers CLUSTERDOWN. */
    static final long PATIENCE_NANOS = 3_000_000_000L;

    private ClusterDownPatience() {
    }

    /**
     * Runs {@code read}, again after a pause each time it throws what {@code clusterDown} recognises, until it
     * answers or the patience runs out (then the last failure is thrown; an interrupt ends it too).
     */
    static <T> T read(Supplier<T> read, Predicate<RuntimeException> clusterDown) {
        return read(read, clusterDown, PATIENCE_NANOS);
    }

    /** Like {@link #read(Supplier, Predicate)}, with a patience of {@code patienceNanos}; for tests. */
    static <T> T read(Supplier<T> read, Predicate<RuntimeException> clusterDown, long patienceNanos) {
        long deadline = System.nanoTime() + patienceNanos;
        long pauseMillis = 5;
        while (true) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                if (!clusterDown.test(e) || System.nanoTime() + pauseMillis * 1_000_000 > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMillis = Math.min(pauseMillis * 2, 200);
            }
        }
    }
}
