package io.kvsync.it.topology;

import io.kvsync.spi.KvStore;
import io.kvsync.store.redis.RedisClientLibrary;
import io.kvsync.tck.KvStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * The store contract on a Redis of the test's own that it reaches by {@code rediss://}, trusting the
 * server's private CA through the store's own setting; a subclass per client library.
 */
abstract class TlsStoreContract extends KvStoreContract {

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

    /** The client library under test. */
    abstract RedisClientLibrary library();

    @Override
    protected KvStore createStore() {
        return TopologyStores.builder(library(), redis.uri()).trustedCertificates(redis.caCertificate()).build();
    }

    @Override
    protected Duration tombstoneTtl() {
        return TopologyStores.TOMBSTONE_TTL;
    }
}
