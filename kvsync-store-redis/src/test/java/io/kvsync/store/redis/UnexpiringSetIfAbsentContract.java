package io.kvsync.store.redis;

import io.kvsync.spi.KvStore;
import io.kvsync.tck.KvStoreContract;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The store contract on a real Redis standalone server with every versioned put first tried as set-if-absent
 * ({@link SetIfAbsent#ALWAYS}; runs of unexpiring puts as {@code MSETNX}): the fencing cases hold when a put
 * meets an empty key there and a held one in the fencing that follows. Its keys never expire, so each test
 * removes them.
 */
abstract class UnexpiringSetIfAbsentContract extends KvStoreContract {

    /** The prefixes of the stores this test made. */
    private final List<String> prefixes = new ArrayList<>();

    /** The client library under test. */
    abstract RedisClientLibrary library();

    @Override
    protected KvStore createStore() {
        String prefix = RedisStores.uniquePrefix();
        prefixes.add(prefix);
        return RedisStores.settingIfAbsentUnexpiring(library(), prefix);
    }

    @Override
    protected Duration tombstoneTtl() {
        return RedisStores.TOMBSTONE_TTL;
    }

    @AfterEach
    void removeTheKeys() {
        prefixes.forEach(prefix -> RawRedis.standalone().deleteMatching(prefix + "*"));
    }
}
