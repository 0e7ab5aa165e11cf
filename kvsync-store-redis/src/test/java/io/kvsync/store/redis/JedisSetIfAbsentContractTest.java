package io.kvsync.store.redis;

import io.kvsync.spi.KvStore;
import io.kvsync.tck.KvStoreContract;

import java.time.Duration;

/**
 * The store contract on a real Redis standalone server, through Jedis' pipeline, with every versioned put first
 * tried as set-if-absent ({@link SetIfAbsent#ALWAYS}): runs of puts as {@code MSETNX}.
 */
class JedisSetIfAbsentContractTest extends KvStoreContract {

    @Override
    protected KvStore createStore() {
        return RedisStores.settingIfAbsent(RedisClientLibrary.JEDIS, false);
    }

    @Override
    protected Duration tombstoneTtl() {
        return RedisStores.TOMBSTONE_TTL;
    }
}
