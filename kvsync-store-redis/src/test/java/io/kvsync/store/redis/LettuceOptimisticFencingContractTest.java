package io.kvsync.store.redis;

import io.kvsync.spi.KvStore;
import io.kvsync.tck.KvStoreContract;

import java.time.Duration;

/**
 * The store contract on a real Redis standalone server, through Lettuce, with every batch that holds a
 * versioned write fenced by an optimistic transaction ({@link RedisKvStoreBuilder#optimisticFencing(int)}
 * at 1) rather than by the script: the contract's fencing cases hold either way.
 */
class LettuceOptimisticFencingContractTest extends KvStoreContract {

    @Override
    protected KvStore createStore() {
        return RedisStores.optimisticallyFenced();
    }

    @Override
    protected Duration tombstoneTtl() {
        return RedisStores.TOMBSTONE_TTL;
    }
}
