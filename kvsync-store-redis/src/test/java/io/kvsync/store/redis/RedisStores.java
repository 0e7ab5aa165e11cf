package io.kvsync.store.redis;

import java.time.Duration;
import java.util.UUID;

/** Stores for the tests, on the services {@link RedisServices} finds. */
final class RedisStores {

    /** Short, so the contract's tombstone tests stay fast. */
    static final Duration TOMBSTONE_TTL = Duration.ofSeconds(1);
    /**
     * Every test key expires eventually, so that repeated local runs do not fill the shared Redis; long
     * enough never to matter within a run.
     */
    static final Duration TEST_EXPIRATION = Duration.ofMinutes(30);

    private RedisStores() {
    }

    static RedisKvStore standalone(RedisClientLibrary library) {
        return configured(library).uri(RedisServices.standaloneUri()).build();
    }

    static RedisKvStore cluster(RedisClientLibrary library) {
        return configured(library).uris(RedisServices.clusterUris()).build();
    }

    /** A standalone store through Lettuce with the near cache on. */
    static RedisKvStore nearCached() {
        return configured(RedisClientLibrary.LETTUCE).uri(RedisServices.standaloneUri()).nearCache(10_000).build();
    }

    /** A standalone store through Lettuce that fences every batch with a versioned write by a transaction. */
    static RedisKvStore optimisticallyFenced() {
        return configured(RedisClientLibrary.LETTUCE).uri(RedisServices.standaloneUri()).optimisticFencing(1).build();
    }

    /**
     * A store on the cluster that first tries every versioned put as set-if-absent ({@link SetIfAbsent#ALWAYS}),
     * so that the contract's fencing cases meet that path: over an empty key it writes, over a held one the
     * fencing decides. A {@code SET … NX} per key.
     */
    static RedisKvStore settingIfAbsentOnCluster(RedisClientLibrary library) {
        return configured(library).setIfAbsent(SetIfAbsent.ALWAYS).uris(RedisServices.clusterUris()).build();
    }

    /**
     * The same on the standalone server, under {@code prefix}, with puts that do not expire, so that runs of
     * them go as {@code MSETNX} (a put with a time to live is a {@code SET … NX PX} of its own): the test
     * removes its keys itself ({@link RawRedis#deleteMatching}).
     */
    static RedisKvStore settingIfAbsentUnexpiring(RedisClientLibrary library, String prefix) {
        return RedisKvStore.builder().clientLibrary(library).tombstoneTtl(TOMBSTONE_TTL).setIfAbsent(SetIfAbsent.ALWAYS)
                .uri(RedisServices.standaloneUri()).prefix(prefix).build();
    }

    /** A prefix no other test uses. */
    static String uniquePrefix() {
        return "kvsync-test:" + UUID.randomUUID() + ":";
    }

    private static RedisKvStoreBuilder configured(RedisClientLibrary library) {
        return RedisKvStore.builder().clientLibrary(library).tombstoneTtl(TOMBSTONE_TTL).expiration(TEST_EXPIRATION);
    }
}
