package io.kvsync.it.topology;

import io.kvsync.spi.KvStore;
import io.kvsync.store.redis.RedisClientLibrary;
import io.kvsync.tck.KvStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** The store contract through Jedis on a Redis of the test's own that it reaches by {@code rediss://}. */
class JedisTlsContractTest extends KvStoreContract {

    private static TlsRedis redis;
    private static TlsRedis.Trust trust;

    @BeforeAll
    static void startRedis() {
        redis = TlsRedis.start();
        trust = redis.trustItsCa();
    }

    @AfterAll
    static void stopRedis() {
        if (trust != null) {
            trust.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected KvStore createStore() {
        return TopologyStores.builder(RedisClientLibrary.JEDIS, redis.uri()).build();
    }

    @Override
    protected Duration tombstoneTtl() {
        return TopologyStores.TOMBSTONE_TTL;
    }
}
