package io.kvsync.store.redis;

import io.kvsync.spi.KvStore;

/** The engine end to end on a real Redis Cluster through Jedis. */
class JedisClusterEndToEndTest extends RedisEndToEndContract {

    JedisClusterEndToEndTest() {
        super(RawRedis.cluster());
    }

    @Override
    protected KvStore createStore() {
        return RedisKvStore.builder().clientLibrary(RedisClientLibrary.JEDIS).uris(RedisServices.clusterUris())
                .prefix(prefix).expiration(RedisStores.TEST_EXPIRATION).build();
    }
}
