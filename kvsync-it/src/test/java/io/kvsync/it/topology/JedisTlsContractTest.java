package io.kvsync.it.topology;

import io.kvsync.spi.KvStore;
import io.kvsync.store.redis.RedisClientLibrary;
import io.kvsync.tck.KvStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * The store contract through Jedis on a Redis of the test's own that it reaches by {@code rediss://}, trusting
 * the server's private CA through the store's own setting.
 */
class JedisTlsContractTest extends KvStoreContract {

    private static TlsRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TlsRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected KvStore createStore() {
        return TopologyStores.builder(RedisClientLibrary.JEDIS, redis.uri())
                .trustedCertificates(redis.caCertificate()).build();
    }

    @Override
    protected Duration tombstoneTtl() {
        return TopologyStores.TOMBSTONE_TTL;
    }
}
