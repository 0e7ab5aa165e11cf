package io.kvsync.store.redis.internal;

import java.util.List;

/**
 * A {@link RedisBackend} that can also read keys together with their remaining time to live, in one round
 * trip: what the {@link NearCache} keeps.
 */
interface TimedReads extends RedisBackend {

    /**
     * A key's stored bytes and how long it still lives.
     *
     * @param stored    the stored bytes, or {@code null} when absent
     * @param ttlMillis the remaining time to live in milliseconds; {@code -1} for none, {@code -2} when absent
     */
    record TimedValue(byte[] stored, long ttlMillis) {
    }

    /** Each key's bytes and time to live, in the order of {@code keys}. */
    List<TimedValue> readTimed(List<byte[]> keys);
}
