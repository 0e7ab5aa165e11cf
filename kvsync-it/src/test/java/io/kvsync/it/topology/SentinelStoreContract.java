package io.kvsync.it.topology;

import io.kvsync.spi.KvStore;
import io.kvsync.store.redis.RedisClientLibrary;
import io.kvsync.tck.KvStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * The store contract on a master, replica and Sentinel of the test's own, reached by
 * {@code redis-sentinel://…#mymaster}; a subclass per client library.
 */
abstract class SentinelStoreContract extends KvStoreContract {

    private static SentinelRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = SentinelRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** The client library under test. */
    abstract RedisClientLibrary library();

    @Override
    protected KvStore createStore() {
        return TopologyStores.builder(library(), redis.uri()).build();
    }

    @Override
    protected Duration tombstoneTtl() {
        return TopologyStores.TOMBSTONE_TTL;
    }
}
