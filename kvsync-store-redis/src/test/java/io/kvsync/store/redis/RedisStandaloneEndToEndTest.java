package io.kvsync.store.redis;

import io.kvsync.spi.KvStore;

/**
 * The engine end to end on a real standalone Redis through the default client, at scale: 100,000
 * entities under three keys each, every one then fetched by each key.
 */
class RedisStandaloneEndToEndTest extends RedisEndToEndContract {

    RedisStandaloneEndToEndTest() {
        super(RawRedis.standalone());
    }

    @Override
    protected KvStore createStore() {
        return RedisKvStore.builder().uri(RedisServices.standaloneUri()).prefix(prefix)
                .expiration(RedisStores.TEST_EXPIRATION).build();
    }

    @Override
    protected int entityCount() {
        return 100_000;
    }
}
