package io.kvsync.store.redis;

import io.kvsync.spi.KvStore;

/** The engine end to end on a real Redis Cluster through the default client (Lettuce). */
class RedisClusterEndToEndTest extends RedisEndToEndContract {

    RedisClusterEndToEndTest() {
        super(RawRedis.cluster());
    }

    @Override
    protected KvStore createStore() {
        return RedisKvStore.builder().uris(RedisServices.clusterUris()).prefix(prefix)
                .expiration(RedisStores.TEST_EXPIRATION).build();
    }
}
