package io.kvsync.it.topology;

import io.kvsync.store.redis.RedisClientLibrary;

/** The store contract through Lettuce, reached through Sentinel. */
class LettuceSentinelContractTest extends SentinelStoreContract {

    @Override
    RedisClientLibrary library() {
        return RedisClientLibrary.LETTUCE;
    }
}
