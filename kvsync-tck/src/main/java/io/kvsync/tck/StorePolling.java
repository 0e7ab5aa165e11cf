package io.kvsync.tck;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/**
 * Waits for something eventual (an expiry) by polling until a deadline, so that the suites assert
 * that it happens without asserting how fast.
 */
final class StorePolling {

    private static final long POLL_INTERVAL_MILLIS = 25;

    private StorePolling() {
    }

    /**
     * Polls {@code condition} until it holds.
     *
     * @param expectation what is awaited, for the failure message
     * @throws AssertionError when it still does not hold after {@code deadline}
     */
    static void await(String expectation, Duration deadline, BooleanSupplier condition) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start > deadline.toNanos()) {
                fail("waited " + deadline + " for " + expectation + ", in vain");
            }
            try {
                Thread.sleep(POLL_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + expectation, e);
            }
        }
    }
}
