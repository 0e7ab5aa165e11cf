package io.kvsync.store.redis;

import io.kvsync.spi.KvStore;
import io.kvsync.tck.KvStoreContract;

import java.time.Duration;

/**
 * The store contract on a real Redis standalone server through Lettuce with the near cache on: reads
 * answered from memory must be indistinguishable from reads of Redis (expiry, tombstones, batches).
 */
class LettuceNearCacheContractTest extends KvStoreContract {

    @Override
    protected KvStore createStore() {
        return RedisStores.nearCached();
    }

    @Override
    protected Duration tombstoneTtl() {
        return RedisStores.TOMBSTONE_TTL;
    }
}
