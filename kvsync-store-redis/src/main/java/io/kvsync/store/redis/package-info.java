/** The Redis {@link io.kvsync.spi.KvStore}: {@link io.kvsync.store.redis.RedisKvStore} and its provider. */
package io.kvsync.store.redis;
