package io.kvsync.it.race;

import io.kvsync.hibernate.KeyHandoverModelContract;
import io.kvsync.spi.KvStore;
import io.kvsync.store.redis.RedisKvStore;
import io.kvsync.tck.services.TestServices;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The key hand-over model on PostgreSQL and a Redis Cluster ({@code KVSYNC_TEST_REDIS_CLUSTER}): each key
 * is fenced on the node that owns its slot, so a batch spans nodes and no write needs another key.
 */
class RedisClusterKeyHandoverModelTest extends KeyHandoverModelContract {

    private final String prefix = "kvsync-it:handover:" + UUID.randomUUID() + ":";

    @Override
    protected KvStore newStore() {
        List<String> seeds = TestServices.redisClusterUris();
        TestServices.require(seeds.stream().findFirst(), "Redis Cluster (KVSYNC_TEST_REDIS_CLUSTER)");
        return RedisKvStore.builder()
                .uris(seeds)
                .cluster(true)
                .prefix(prefix)
                .tombstoneTtl(Duration.ofMinutes(30))
                .expiration(Duration.ofMinutes(30))
                .build();
    }
}
