package io.kvsync.store.redis;

import io.kvsync.engine.e2e.EndToEndContract;
import io.kvsync.spi.KvStore;

/** The engine end to end on a real Redis Cluster through Jedis. */
class JedisClusterEndToEndTest extends EndToEndContract {

    @Override
    protected KvStore createStore() {
        return RedisKvStore.builder().clientLibrary(RedisClientLibrary.JEDIS).uris(RedisServices.clusterUris())
                .prefix(RedisStores.uniquePrefix()).expiration(RedisStores.TEST_EXPIRATION).build();
    }
}
