package io.kvsync.it.support;

import java.time.Duration;
import java.util.Collection;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls for an eventual condition until a generous deadline: tests wait for what must happen, and never
 * assert how long it took. Stateless; throws nothing but {@link IllegalStateException} on interruption.
 */
public final class Eventually {

    private static final long POLL_MILLIS = 100;

    private Eventually() {
    }

    /** Polls {@code condition} until it holds or {@code deadline} passes; returns its last answer. */
    public static boolean within(Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            pause(POLL_MILLIS);
        }
        return true;
    }

    /**
     * Polls {@code check} (which returns what is still wrong, empty when all is well) until it returns an
     * empty collection or {@code deadline} passes; returns its last answer.
     */
    public static <C extends Collection<?>> C emptyWithin(Duration deadline, Supplier<C> check) {
        long end = System.nanoTime() + deadline.toNanos();
        C problems = check.get();
        while (!problems.isEmpty() && System.nanoTime() - end < 0) {
            pause(POLL_MILLIS);
            problems = check.get();
        }
        return problems;
    }

    /** Sleeps; an interruption fails the test rather than being swallowed. */
    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
