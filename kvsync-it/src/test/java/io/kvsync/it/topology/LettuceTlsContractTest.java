package io.kvsync.it.topology;

import io.kvsync.store.redis.RedisClientLibrary;

/** The store contract through Lettuce, reached by {@code rediss://}. */
class LettuceTlsContractTest extends TlsStoreContract {

    @Override
    RedisClientLibrary library() {
        return RedisClientLibrary.LETTUCE;
    }
}
