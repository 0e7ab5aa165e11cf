package io.kvsync.store.redis;

/** {@link UnexpiringSetIfAbsentContract} through Jedis. */
class JedisSetIfAbsentContractTest extends UnexpiringSetIfAbsentContract {

    @Override
    RedisClientLibrary library() {
        return RedisClientLibrary.JEDIS;
    }
}
