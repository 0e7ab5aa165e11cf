package io.kvsync.store.hazelcast.internal;

import java.time.Duration;

/** Converts a write's ttl into the milliseconds Hazelcast takes, where 0 means "never expires". */
final class TtlMillis {

    private TtlMillis() {
    }

    /**
     * @param ttl a positive lifetime, or {@code null} for none
     * @return 0 for {@code null}; otherwise the lifetime in milliseconds rounded <em>up</em>, so that a
     *         sub-millisecond ttl cannot become 0 and with it "forever"; {@link Long#MAX_VALUE} when it
     *         does not fit (Hazelcast treats a deadline past the end of time as "never")
     */
    static long of(Duration ttl) {
        if (ttl == null) {
            return 0;
        }
        try {
            long millis = ttl.toMillis();
            return ttl.equals(Duration.ofMillis(millis)) ? millis : millis + 1;
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** The inverse of {@link #of} for what it returns below {@link Long#MAX_VALUE}. */
    static Duration toDuration(long millis) {
        return millis == 0 ? null : Duration.ofMillis(millis);
    }
}
