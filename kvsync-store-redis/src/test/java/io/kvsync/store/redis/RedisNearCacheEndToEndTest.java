package io.kvsync.store.redis;

import io.kvsync.engine.e2e.EndToEndContract;
import io.kvsync.spi.KvStore;

/** The engine end to end on a real standalone Redis with the near cache on. */
class RedisNearCacheEndToEndTest extends EndToEndContract {

    @Override
    protected KvStore createStore() {
        return RedisKvStore.builder().uri(RedisServices.standaloneUri()).prefix(RedisStores.uniquePrefix())
                .expiration(RedisStores.TEST_EXPIRATION).nearCache(10_000).build();
    }
}
