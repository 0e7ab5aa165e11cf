package io.kvsync.store.redis;

import io.kvsync.spi.KvStore;
import io.kvsync.tck.KvStoreContract;

import java.time.Duration;

/**
 * The store contract on a real Redis Cluster, through Lettuce, with every versioned put first tried as
 * {@code SET … NX} ({@link SetIfAbsent#ALWAYS}), a command per key routed to its node.
 */
class LettuceClusterSetIfAbsentContractTest extends KvStoreContract {

    @Override
    protected KvStore createStore() {
        return RedisStores.settingIfAbsentOnCluster(RedisClientLibrary.LETTUCE);
    }

    @Override
    protected Duration tombstoneTtl() {
        return RedisStores.TOMBSTONE_TTL;
    }
}
