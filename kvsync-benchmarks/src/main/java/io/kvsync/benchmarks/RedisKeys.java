package io.kvsync.benchmarks;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;

import java.time.Duration;

/** Removes what a benchmark wrote to Redis, by key pattern. */
final class RedisKeys {

    private RedisKeys() {
    }

    /**
     * Unlinks every key matching {@code pattern} (a Redis glob).
     *
     * @return how many keys were removed
     * @throws io.lettuce.core.RedisException when Redis cannot be reached
     */
    static long deleteMatching(String uri, String pattern) {
        RedisClient client = RedisClient.create(uri);
        long deleted = 0;
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            ScanArgs match = ScanArgs.Builder.matches(pattern).limit(10_000);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<byte[]> page = connection.sync().scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    deleted += connection.sync().unlink(page.getKeys().toArray(new byte[0][]));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        return deleted;
    }

    /** Whether {@code key} exists. */
    static boolean exists(String uri, String key) {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().exists(key) > 0;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
