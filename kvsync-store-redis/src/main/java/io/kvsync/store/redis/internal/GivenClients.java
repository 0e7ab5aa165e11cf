package io.kvsync.store.redis.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The clients an application passed to the builder for the store to use instead of creating its own; the
 * builder accepts at most one. Merely holding a {@code null} Jedis client does not load Jedis, which stays
 * optional.
 *
 * @param lettuce        a Lettuce standalone or Sentinel client, or {@code null}
 * @param lettuceCluster a Lettuce cluster client, or {@code null}
 * @param jedis          a Jedis client of any kind, or {@code null}
 */
public record GivenClients(RedisClient lettuce, RedisClusterClient lettuceCluster, UnifiedJedis jedis) {

    /** How many clients were given. */
    public int count() {
        return (lettuce != null ? 1 : 0) + (lettuceCluster != null ? 1 : 0) + (jedis != null ? 1 : 0);
    }
}
