package io.kvsync.store.redis;

import io.kvsync.spi.KvStore;
import io.kvsync.tck.KvStoreContract;

import java.time.Duration;

/**
 * The store contract on a real Redis standalone server, through Lettuce, with every versioned put first
 * tried as set-if-absent ({@link SetIfAbsent#ALWAYS}, runs of puts as {@code MSETNX}): the fencing cases hold when a put meets an empty key
 * there and a held one in the fencing that follows.
 */
class LettuceSetIfAbsentContractTest extends KvStoreContract {

    @Override
    protected KvStore createStore() {
        return RedisStores.settingIfAbsent(RedisClientLibrary.LETTUCE, false);
    }

    @Override
    protected Duration tombstoneTtl() {
        return RedisStores.TOMBSTONE_TTL;
    }
}
