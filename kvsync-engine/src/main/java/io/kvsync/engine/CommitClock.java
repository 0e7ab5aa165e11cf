package io.kvsync.engine;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The stamps that order the claims of rows on a key ({@link io.kvsync.spi.KvWrite.Claim#stamp()}): wall-clock
 * microseconds since the epoch, made strictly increasing within the process. Two stamps drawn one after the
 * other in this JVM are always in that order, even if the wall clock steps back (then stamps run ahead of
 * it by one microsecond each until it catches up); stamps of two JVMs are ordered only as well as their
 * clocks agree.
 *
 * <p>An integration draws a change's stamp just before its transaction commits: the database lets a
 * second transaction take a key (a unique value, a primary key) only once the first one that held it has
 * committed or released it, so the stamp of the later claim is the larger. Thread-safe and lock-free.
 */
public final class CommitClock {

    private static final AtomicLong LAST = new AtomicLong();
    /** Tells this process's stamps from another's: random, never 0 (which means "unknown"). */
    private static final int ORIGIN = originOfThisProcess();

    private CommitClock() {
    }

    /**
     * Which clock drew this process's stamps ({@link io.kvsync.spi.KvWrite.Claim#origin()}): a random number,
     * never {@code 0}, the same for the life of the process.
     */
    public static int origin() {
        return ORIGIN;
    }

    private static int originOfThisProcess() {
        int origin = 0;
        while (origin == 0) {
            origin = new java.security.SecureRandom().nextInt();
        }
        return origin;
    }

    /** A stamp later than every stamp drawn before it in this process; positive. */
    public static long next() {
        return reserve(1);
    }

    /**
     * Reserves {@code count} consecutive stamps, all later than every stamp drawn before and earlier than
     * every stamp drawn after, and returns the first: a transaction that makes several changes gives each
     * its own stamp, in the order its statements ran, so that the changes of one transaction (a row deleted
     * and inserted again, two rows swapping a key) are ordered too.
     *
     * @throws IllegalArgumentException when {@code count} is not positive
     */
    public static long reserve(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("at least one stamp must be reserved: " + count);
        }
        Instant now = Instant.now();
        long wall = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        while (true) {
            long last = LAST.get();
            long first = Math.max(wall, last + 1);
            if (LAST.compareAndSet(last, first + count - 1)) {
                return first;
            }
        }
    }
}
