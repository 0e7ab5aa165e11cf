package io.kvsync.store.redis;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvStoreProvider;
import io.kvsync.spi.KvSyncConfig;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Provides a {@link RedisKvStore} under the name {@value #NAME}, with priority 100 (above the memory
 * store's 0), configured by the {@code kvsync.redis.*} settings named by this class's constants; each
 * matches a {@link RedisKvStoreBuilder} method. Thread-safe and stateless.
 */
public final class RedisKvStoreProvider implements KvStoreProvider {

    /** The name matched against {@code kvsync.store}. */
    public static final String NAME = "redis";
    /** One Redis URI ({@code redis://}, {@code rediss://}, {@code redis-sentinel://}); default {@value RedisKvStore#DEFAULT_URI}. */
    public static final String URI = "kvsync.redis.uri";
    /** Comma-separated seed URIs of a Redis Cluster. */
    public static final String URIS = "kvsync.redis.uris";
    /** {@code true} to talk to a Redis Cluster through a single seed URI. */
    public static final String CLUSTER = "kvsync.redis.cluster";
    /** The key prefix; default {@value RedisKvStore#DEFAULT_PREFIX}. */
    public static final String PREFIX = "kvsync.redis.prefix";
    /** Time to live of puts that carry none; default none ({@code 0} also means none). */
    public static final String EXPIRATION = "kvsync.redis.expiration";
    /** Command timeout; default 10s. */
    public static final String TIMEOUT = "kvsync.redis.timeout";
    /** Connect timeout; default 5s. */
    public static final String CONNECT_TIMEOUT = "kvsync.redis.connect-timeout";
    /** {@code lettuce} (default) or {@code jedis}. */
    public static final String CLIENT = "kvsync.redis.client";
    /** Lifetime of the tombstones of versioned deletes; default 1m. */
    public static final String TOMBSTONE_TTL = "kvsync.redis.tombstone-ttl";
    /** The ACL user, when not in the URI. */
    public static final String USERNAME = "kvsync.redis.username";
    /** The password, when not in the URI. */
    public static final String PASSWORD = "kvsync.redis.password";
    /** Bound on the commands a Lettuce connection holds; default 65536. */
    public static final String REQUEST_QUEUE_SIZE = "kvsync.redis.request-queue-size";
    /** Most connections of a Jedis client; default 16. */
    public static final String POOL_SIZE = "kvsync.redis.pool-size";

    /** Most keys the near cache holds; default 0, no near cache (see {@link RedisKvStoreBuilder#nearCache(int)}). */
    public static final String NEAR_CACHE_MAX_ENTRIES = "kvsync.redis.near-cache.max-entries";

    /**
     * The least number of versioned writes in a batch for one optimistic transaction instead of a script call
     * per key; default 8, 0 for never (see {@link RedisKvStoreBuilder#optimisticFencing(int)}).
     */
    public static final String OPTIMISTIC_FENCING = "kvsync.redis.optimistic-fencing.min-writes";

    /**
     * Which versioned puts are first tried as {@code SET … NX}: {@code auto} (default), {@code always} or
     * {@code never} (see {@link RedisKvStoreBuilder#setIfAbsent(SetIfAbsent)}).
     */
    public static final String SET_IF_ABSENT = "kvsync.redis.set-if-absent";

    /** A PEM file of the CA certificates that {@code rediss://} connections trust instead of the JVM's default trust. */
    public static final String TLS_TRUSTED_CERTIFICATES = "kvsync.redis.tls.trusted-certificates";
    /** A JKS or PKCS12 trust store whose certificates {@code rediss://} connections trust instead of the JVM's default trust. */
    public static final String TLS_TRUST_STORE = "kvsync.redis.tls.trust-store";
    /** The password of {@link #TLS_TRUST_STORE}; masked wherever the config is printed. */
    public static final String TLS_TRUST_STORE_PASSWORD = "kvsync.redis.tls.trust-store-password";
    /** {@code false} to accept a trusted certificate that does not name the host connected to; default {@code true}. */
    public static final String TLS_VERIFY_HOSTNAME = "kvsync.redis.tls.verify-hostname";

    /** Called by {@link java.util.ServiceLoader}. */
    public RedisKvStoreProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** 100: a real backend, chosen over the memory store when neither is named. */
    @Override
    public int priority() {
        return 100;
    }

    /**
     * {@inheritDoc}
     *
     * @throws KvSyncConfigurationException when a setting cannot be parsed, is out of range, or names a
     *         client library that is not on the class path
     */
    @Override
    public KvStore create(KvSyncConfig config) {
        RedisKvStoreBuilder builder = RedisKvStore.builder()
                .uris(uris(config))
                .cluster(config.getBoolean(CLUSTER, false))
                .prefix(config.getString(PREFIX, RedisKvStore.DEFAULT_PREFIX))
                .expiration(config.getDuration(EXPIRATION).filter(d -> !d.isZero()).orElse(null))
                .timeout(config.getDuration(TIMEOUT, RedisKvStore.DEFAULT_TIMEOUT))
                .connectTimeout(config.getDuration(CONNECT_TIMEOUT, RedisKvStore.DEFAULT_CONNECT_TIMEOUT))
                .tombstoneTtl(config.getDuration(TOMBSTONE_TTL, RedisKvStore.DEFAULT_TOMBSTONE_TTL))
                .clientLibrary(library(config))
                .requestQueueSize(config.getInt(REQUEST_QUEUE_SIZE, RedisKvStore.DEFAULT_REQUEST_QUEUE_SIZE))
                .jedisPoolSize(config.getInt(POOL_SIZE, RedisKvStore.DEFAULT_JEDIS_POOL_SIZE))
                .verifyHostname(config.getBoolean(TLS_VERIFY_HOSTNAME, true))
                .nearCache(config.getInt(NEAR_CACHE_MAX_ENTRIES, 0))
                .optimisticFencing(config.getInt(OPTIMISTIC_FENCING, RedisKvStore.DEFAULT_OPTIMISTIC_FENCING))
                .setIfAbsent(setIfAbsent(config));
        config.get(USERNAME).ifPresent(builder::username);
        config.get(PASSWORD).ifPresent(builder::password);
        config.get(TLS_TRUSTED_CERTIFICATES).ifPresent(file -> builder.trustedCertificates(Path.of(file)));
        Optional<String> trustStorePassword = config.get(TLS_TRUST_STORE_PASSWORD);
        Optional<String> trustStore = config.get(TLS_TRUST_STORE);
        if (trustStorePassword.isPresent() && trustStore.isEmpty()) {
            throw new KvSyncConfigurationException("setting " + TLS_TRUST_STORE_PASSWORD + " is given without "
                    + TLS_TRUST_STORE + "; name the trust store it opens");
        }
        trustStore.ifPresent(file -> builder.trustStore(Path.of(file),
                trustStorePassword.map(String::toCharArray).orElse(null)));
        return builder.build();
    }

    private static List<String> uris(KvSyncConfig config) {
        List<String> uris = new ArrayList<>();
        config.get(URI).ifPresent(uris::add);
        uris.addAll(config.getList(URIS));
        return uris;
    }

    private static RedisClientLibrary library(KvSyncConfig config) {
        return choice(config, CLIENT, RedisClientLibrary.LETTUCE, "Redis client library");
    }

    private static SetIfAbsent setIfAbsent(KvSyncConfig config) {
        return choice(config, SET_IF_ABSENT, SetIfAbsent.AUTO, "set-if-absent mode");
    }

    /** The constant of {@code E} that setting {@code key} names, in any case; refused naming every choice. */
    private static <E extends Enum<E>> E choice(KvSyncConfig config, String key, E byDefault, String what) {
        String name = config.getString(key, byDefault.name().toLowerCase(Locale.ROOT));
        try {
            return Enum.valueOf(byDefault.getDeclaringClass(), name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> choices = new ArrayList<>();
            for (E constant : byDefault.getDeclaringClass().getEnumConstants()) {
                choices.add(constant.name().toLowerCase(Locale.ROOT));
            }
            String last = choices.remove(choices.size() - 1);
            throw new KvSyncConfigurationException("setting " + key + "=" + name + " names no " + what + "; use "
                    + String.join(", ", choices) + " or " + last, e);
        }
    }
}
