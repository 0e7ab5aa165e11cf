package io.kvsync.it.race;

import io.kvsync.spi.KvStore;
import io.kvsync.store.redis.RedisKvStore;
import io.kvsync.tck.services.TestServices;

import java.time.Duration;
import java.util.UUID;

/** Racing writers on a real standalone Redis: the versions are fenced by the store's Lua script. */
class RedisRacingWritersTest extends RacingWritersContract {

    private final String prefix = "kvsync-it:race:" + UUID.randomUUID() + ":";

    @Override
    protected KvStore newStore() {
        String uri = TestServices.require(TestServices.redisUri(), "Redis (KVSYNC_TEST_REDIS_URI)");
        return RedisKvStore.builder()
                .uri(uri)
                .prefix(prefix)
                // Outlasts the slowest late delivery of the test by far, as it must in production.
                .tombstoneTtl(Duration.ofMinutes(5))
                // Keeps repeated runs from filling the shared Redis.
                .expiration(Duration.ofMinutes(30))
                .build();
    }
}
