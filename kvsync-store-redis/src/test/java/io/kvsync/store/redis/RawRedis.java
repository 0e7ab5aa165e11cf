package io.kvsync.store.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Redis itself, asked past the store under test whether it holds a key and for how long, over a
 * connection opened for each question (the suites ask a handful). Thread-safe.
 */
final class RawRedis {

    private final boolean cluster;

    private RawRedis(boolean cluster) {
        this.cluster = cluster;
    }

    /** The standalone server of {@link RedisServices#standaloneUri()}. */
    static RawRedis standalone() {
        return new RawRedis(false);
    }

    /** The cluster of {@link RedisServices#clusterUris()}, each key asked of the node that owns it. */
    static RawRedis cluster() {
        return new RawRedis(true);
    }

    boolean exists(String key) {
        return ask(redis -> redis.exists(key)) == 1;
    }

    /** What {@code PTTL} says of {@code key}: empty when it never expires or is absent. */
    Optional<Duration> remainingTtl(String key) {
        long millis = ask(redis -> redis.pttl(key));
        return millis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
    }

    /** Unlinks every key matching the glob {@code pattern}, by {@code SCAN}; standalone only. */
    void deleteMatching(String pattern) {
        ask(redis -> {
            ScanArgs args = ScanArgs.Builder.matches(pattern).limit(10_000);
            KeyScanCursor<String> cursor = redis.scan(args);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    redis.unlink(cursor.getKeys().toArray(new String[0]));
                }
                if (cursor.isFinished()) {
                    return null;
                }
                cursor = redis.scan(cursor, args);
            }
        });
    }

    private <T> T ask(Function<RedisClusterCommands<String, String>, T> question) {
        if (cluster) {
            RedisClusterClient client = RedisClusterClient.create(
                    RedisServices.clusterUris().stream().map(RedisURI::create).toList());
            try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
                return question.apply(connection.sync());
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
        RedisClient client = RedisClient.create(RedisServices.standaloneUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return question.apply(connection.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
