package io.kvsync.engine.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential retry delays, capped, with jitter so that many workers (or JVMs) recovering from the
 * same outage do not retry in lock step. Not thread-safe: one per worker.
 */
final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private int failures;

    Backoff(Duration initial, Duration max) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
    }

    /** The delay before the next attempt; each call doubles the base, up to the cap. */
    long nextDelayNanos() {
        int shift = Math.min(failures++, 40);
        long base = initialNanos << shift;
        if (base <= 0 || base > maxNanos) {
            base = maxNanos;
        }
        // Half fixed, half random: never shorter than base/2, never longer than the cap.
        long half = base / 2;
        return half + ThreadLocalRandom.current().nextLong(half + 1);
    }

    void reset() {
        failures = 0;
    }
}
