package io.kvsync.it.race;

import io.kvsync.hibernate.KeyHandoverModelContract;
import io.kvsync.spi.KvStore;
import io.kvsync.store.redis.RedisClientLibrary;
import io.kvsync.store.redis.RedisKvStore;
import io.kvsync.tck.services.TestServices;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The key hand-over model on PostgreSQL and a standalone Redis: the first instance writes through
 * Lettuce, the late second one through Jedis, so both clients' fencing scripts meet on the same keys.
 */
class RedisKeyHandoverModelTest extends KeyHandoverModelContract {

    private final String prefix = "kvsync-it:handover:" + UUID.randomUUID() + ":";
    private final AtomicInteger storesMade = new AtomicInteger();

    @Override
    protected KvStore newStore() {
        return RedisKvStore.builder()
                .uri(TestServices.require(TestServices.redisUri(), "Redis (KVSYNC_TEST_REDIS_URI)"))
                .clientLibrary(storesMade.getAndIncrement() == 0 ? RedisClientLibrary.LETTUCE : RedisClientLibrary.JEDIS)
                .prefix(prefix)
                // Outlasts the final replay of the oldest write, as tombstones must outlast late writes.
                .tombstoneTtl(Duration.ofMinutes(30))
                // Keeps repeated runs from filling the shared Redis.
                .expiration(Duration.ofMinutes(30))
                .build();
    }
}
