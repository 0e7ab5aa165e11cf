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
        return deleteMatching(uri, pattern, false);
    }

    /**
     * Like {@link #deleteMatching(String, String)}, on one master of a Redis Cluster: it lists only the keys
     * it holds, and refuses a multi-key {@code UNLINK} across slots, so each key is unlinked on its own
     * (pipelined).
     */
    static long deleteMatchingOnClusterNode(String uri, String pattern) {
        return deleteMatching(uri, pattern, true);
    }

    private static long deleteMatching(String uri, String pattern, boolean keyByKey) {
        RedisClient client = RedisClient.create(uri);
        long deleted = 0;
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
            ScanArgs match = ScanArgs.Builder.matches(pattern).limit(10_000);
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<byte[]> page = connection.sync().scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    deleted += keyByKey ? unlinkEach(connection, page.getKeys())
                            : connection.sync().unlink(page.getKeys().toArray(new byte[0][]));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        return deleted;
    }

    private static long unlinkEach(StatefulRedisConnection<byte[], byte[]> connection, java.util.List<byte[]> keys) {
        java.util.List<io.lettuce.core.RedisFuture<Long>> unlinked = new java.util.ArrayList<>(keys.size());
        for (byte[] key : keys) {
            unlinked.add(connection.async().unlink(key));
        }
        long deleted = 0;
        try {
            for (io.lettuce.core.RedisFuture<Long> reply : unlinked) {
                deleted += reply.get(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deleting keys", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot delete keys", e);
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
