package io.kvsync.it.topology;

import io.kvsync.store.redis.RedisClientLibrary;

/** The store contract through Jedis, reached by {@code rediss://}. */
class JedisTlsContractTest extends TlsStoreContract {

    @Override
    RedisClientLibrary library() {
        return RedisClientLibrary.JEDIS;
    }
}
