package io.kvsync.store.redis;

/** Which Java client library a {@link RedisKvStore} talks to Redis with ({@code kvsync.redis.client}). */
public enum RedisClientLibrary {
    /** Lettuce: the default, always on the class path. */
    LETTUCE,
    /** Jedis: used when chosen; {@code redis.clients:jedis} must then be added to the application. */
    JEDIS
}
