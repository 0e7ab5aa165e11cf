package io.kvsync.store.redis;

import io.kvsync.spi.KvStore;

/** The engine end to end on a real standalone Redis with the near cache on. */
class RedisNearCacheEndToEndTest extends RedisEndToEndContract {

    RedisNearCacheEndToEndTest() {
        super(RawRedis.standalone());
    }

    @Override
    protected KvStore createStore() {
        return RedisKvStore.builder().uri(RedisServices.standaloneUri()).prefix(prefix)
                .expiration(RedisStores.TEST_EXPIRATION).nearCache(10_000).build();
    }
}
