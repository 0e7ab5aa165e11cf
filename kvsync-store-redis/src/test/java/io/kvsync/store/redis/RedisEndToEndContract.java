package io.kvsync.store.redis;

import io.kvsync.engine.e2e.EndToEndContract;
import io.kvsync.spi.KvStore;

import java.time.Duration;
import java.util.Optional;

/**
 * The engine's end-to-end suite on Redis: the stores of one test write under a prefix of that test's
 * own and give puts without a ttl the tests' {@link RedisStores#TEST_EXPIRATION}; what Redis holds is
 * read back with {@link RawRedis}.
 */
abstract class RedisEndToEndContract extends EndToEndContract {

    /** One per test (JUnit makes an instance per test), shared by every store the test creates. */
    final String prefix = RedisStores.uniquePrefix();
    private final RawRedis raw;

    RedisEndToEndContract(RawRedis raw) {
        this.raw = raw;
    }

    @Override
    protected String storedKey(String key) {
        return prefix + key;
    }

    @Override
    protected Optional<Duration> storeExpiration() {
        return Optional.of(RedisStores.TEST_EXPIRATION);
    }

    @Override
    protected boolean holds(KvStore store, String storedKey) {
        return raw.exists(storedKey);
    }

    @Override
    protected Optional<Duration> remainingTtl(KvStore store, String storedKey) {
        return raw.remainingTtl(storedKey);
    }
}
