package io.kvsync.micrometer;

import io.kvsync.engine.KvSync;
import io.kvsync.store.redis.RedisKvStore;

/**
 * Reads the Redis store's near-cache counters. Loaded only through {@link KvSyncMetrics}'s guard, which
 * treats a missing {@code kvsync-store-redis} (a {@link LinkageError}) as "no near cache".
 */
final class RedisStoreProbe {

    private RedisStoreProbe() {
    }

    static boolean hasNearCache(KvSync kv) {
        return kv.store() instanceof RedisKvStore redis && redis.hasNearCache();
    }

    static double nearCacheHits(KvSync kv) {
        return kv.store() instanceof RedisKvStore redis ? redis.nearCacheStats().hits() : 0;
    }

    static double nearCacheMisses(KvSync kv) {
        return kv.store() instanceof RedisKvStore redis ? redis.nearCacheStats().misses() : 0;
    }
}
