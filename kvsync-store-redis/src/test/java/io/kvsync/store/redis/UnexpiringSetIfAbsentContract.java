package io.kvsync.store.redis;

import io.kvsync.spi.KvStore;
import io.kvsync.tck.KvStoreContract;
import org.junit.jupiter.api.AfterAll;

import java.time.Duration;
import java.util.UUID;

/**
 * The store contract on a real Redis standalone server with every versioned put first tried as set-if-absent
 * ({@link SetIfAbsent#ALWAYS}; runs of unexpiring puts as {@code MSETNX}): the fencing cases hold when a put
 * meets an empty key there and a held one in the fencing that follows. Its keys never expire, so the class
 * removes them when it is done: each store has a prefix of its own under one the class shares, so that one
 * scan finds them all (a scan per test took most of the class's time once the shared Redis held many keys).
 */
abstract class UnexpiringSetIfAbsentContract extends KvStoreContract {

    /** What every store's prefix starts with. */
    private static final String SHARED_PREFIX = RedisStores.uniquePrefix();

    /** The client library under test. */
    abstract RedisClientLibrary library();

    @Override
    protected KvStore createStore() {
        return RedisStores.settingIfAbsentUnexpiring(library(), SHARED_PREFIX + UUID.randomUUID() + ":");
    }

    @Override
    protected Duration tombstoneTtl() {
        return RedisStores.TOMBSTONE_TTL;
    }

    @AfterAll
    static void removeTheKeys() {
        RawRedis.standalone().deleteMatching(SHARED_PREFIX + "*");
    }
}
