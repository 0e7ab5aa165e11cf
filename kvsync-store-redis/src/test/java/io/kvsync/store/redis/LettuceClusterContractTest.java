package io.kvsync.store.redis;

import io.kvsync.spi.KvStore;
import io.kvsync.tck.KvStoreContract;

import java.time.Duration;

/** The store contract on a real Redis Cluster (3 masters, 3 replicas), through Lettuce. */
class LettuceClusterContractTest extends KvStoreContract {

    @Override
    protected KvStore createStore() {
        return RedisStores.cluster(RedisClientLibrary.LETTUCE);
    }

    @Override
    protected Duration tombstoneTtl() {
        return RedisStores.TOMBSTONE_TTL;
    }
}
