package io.kvsync.store.redis;

import io.kvsync.spi.KvStore;
import io.kvsync.tck.KvStoreContract;

import java.time.Duration;

/** The store contract on a real Redis standalone server, through Jedis. */
class JedisStandaloneContractTest extends KvStoreContract {

    @Override
    protected KvStore createStore() {
        return RedisStores.standalone(RedisClientLibrary.JEDIS);
    }

    @Override
    protected Duration tombstoneTtl() {
        return RedisStores.TOMBSTONE_TTL;
    }
}
