package io.kvsync.store.redis.internal;

import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.protocol.RedisCommand;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Command timeouts for the clients the store creates: every command times out, except the
 * {@link BatchedCommand}s of a write batch, which need no timer of their own because the batch waits for
 * its last command with the same timeout and replies on a connection arrive in order.
 *
 * <p>Why it matters: Lettuce schedules a timer per timed command. At 100,000 writes a second, timers for
 * every command of every batch cost a timer entry, its cancellation and the timer thread's work per write;
 * before batched commands could cancel theirs, they pinned about 750,000 commands (over 1 GB) for the
 * 10 s timeout, measured with a heap histogram during a replication benchmark.
 */
final class BatchAwareTimeouts extends TimeoutOptions.TimeoutSource {

    private final long timeoutNanos;

    private BatchAwareTimeouts(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /** Timeout options that time out every command but batched ones after {@code timeout}. */
    static TimeoutOptions options(Duration timeout) {
        return TimeoutOptions.builder().timeoutSource(new BatchAwareTimeouts(timeout)).build();
    }

    @Override
    public long getTimeout(RedisCommand<?, ?, ?> command) {
        // Lettuce may ask with null (no command known yet, while connecting): the timeout applies then too.
        return command instanceof BatchedCommand ? 0 : timeoutNanos;
    }

    @Override
    public TimeUnit getTimeUnit() {
        return TimeUnit.NANOSECONDS;
    }
}
