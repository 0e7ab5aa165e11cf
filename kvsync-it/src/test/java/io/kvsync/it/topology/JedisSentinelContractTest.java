package io.kvsync.it.topology;

import io.kvsync.store.redis.RedisClientLibrary;

/** The store contract through Jedis, reached through Sentinel. */
class JedisSentinelContractTest extends SentinelStoreContract {

    @Override
    RedisClientLibrary library() {
        return RedisClientLibrary.JEDIS;
    }
}
