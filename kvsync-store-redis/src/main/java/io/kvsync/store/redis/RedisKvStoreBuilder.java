package io.kvsync.store.redis;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.store.redis.internal.BackendAssembly;
import io.kvsync.store.redis.internal.BackendHolder;
import io.kvsync.store.redis.internal.BackendRequest;
import io.kvsync.store.redis.internal.CommandEncoder;
import io.kvsync.store.redis.internal.SetIfAbsentFirst;
import io.kvsync.store.redis.internal.GivenClients;
import io.kvsync.store.redis.internal.TlsSettings;
import io.kvsync.store.redis.internal.TlsTrust;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link RedisKvStore}, from {@link RedisKvStore#builder()}; validated by {@link #build()}.
 * Every setting has a {@code kvsync.redis.*} counterpart read by {@link RedisKvStoreProvider}.
 *
 * <p>Either give URIs ({@link #uri}, {@link #uris}; {@value RedisKvStore#DEFAULT_URI} when none) and let
 * the store create its client, or pass an existing client ({@link #client(RedisClient)},
 * {@link #client(RedisClusterClient)}, {@link #jedis(UnifiedJedis)}), which the store uses as configured
 * and does not close. Not thread-safe.
 *
 * <p>With {@code rediss://} URIs the store verifies the server's certificate and host name against the
 * JVM's default trust, unless {@link #trustedCertificates(Path)} or {@link #trustStore(Path, char[])} names
 * the certificate authorities to trust instead; those apply to the store's own connections only, never to
 * the JVM's other TLS clients.
 */
public final class RedisKvStoreBuilder {

    private List<String> uris = List.of();
    private boolean cluster;
    private String prefix = RedisKvStore.DEFAULT_PREFIX;
    private Duration expiration;
    private Duration timeout = RedisKvStore.DEFAULT_TIMEOUT;
    private Duration connectTimeout = RedisKvStore.DEFAULT_CONNECT_TIMEOUT;
    private Duration tombstoneTtl = RedisKvStore.DEFAULT_TOMBSTONE_TTL;
    private String username;
    private char[] password;
    private RedisClientLibrary library = RedisClientLibrary.LETTUCE;
    private int requestQueueSize = RedisKvStore.DEFAULT_REQUEST_QUEUE_SIZE;
    private int jedisPoolSize = RedisKvStore.DEFAULT_JEDIS_POOL_SIZE;
    private RedisClient lettuceClient;
    private RedisClusterClient lettuceClusterClient;
    private UnifiedJedis jedis;
    private Path trustedCertificates;
    private Path trustStore;
    private char[] trustStorePassword;
    private boolean verifyHostname = true;
    private int nearCacheEntries;
    private int optimisticFencing = RedisKvStore.DEFAULT_OPTIMISTIC_FENCING;
    private SetIfAbsent setIfAbsent = SetIfAbsent.AUTO;

    RedisKvStoreBuilder() {
    }

    /**
     * The Redis to use: {@code redis://[[user:]password@]host[:port][/database]}, {@code rediss://…} for
     * TLS, or {@code redis-sentinel://host:port[,host:port]…#master} for Sentinel.
     */
    public RedisKvStoreBuilder uri(String uri) {
        return uris(List.of(Objects.requireNonNull(uri, "uri")));
    }

    /** Several URIs: the seed nodes of a Redis Cluster (several URIs always mean a cluster). */
    public RedisKvStoreBuilder uris(String... uris) {
        return uris(Arrays.asList(uris));
    }

    /** Several URIs: the seed nodes of a Redis Cluster (several URIs always mean a cluster). */
    public RedisKvStoreBuilder uris(Collection<String> uris) {
        this.uris = List.copyOf(uris);
        return this;
    }

    /** Talk to a Redis Cluster even when a single seed URI is given. Default {@code false}. */
    public RedisKvStoreBuilder cluster(boolean cluster) {
        this.cluster = cluster;
        return this;
    }

    /** Prepended to every key, so several applications can share one Redis. Default {@value RedisKvStore#DEFAULT_PREFIX}. */
    public RedisKvStoreBuilder prefix(String prefix) {
        this.prefix = prefix;
        return this;
    }

    /** Time to live of puts that carry none ({@code KvWrite.Put#ttl() == null}); {@code null} (the default) for none. */
    public RedisKvStoreBuilder expiration(Duration expiration) {
        this.expiration = expiration;
        return this;
    }

    /** How long a command may take before it fails with a timeout. Default {@link RedisKvStore#DEFAULT_TIMEOUT}. */
    public RedisKvStoreBuilder timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** How long connecting may take. Default {@link RedisKvStore#DEFAULT_CONNECT_TIMEOUT}. */
    public RedisKvStoreBuilder connectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
        return this;
    }

    /**
     * How long the tombstone of a versioned delete keeps blocking puts of its version and older. It should
     * outlast the longest delay with which a stale write can arrive. Default one minute.
     */
    public RedisKvStoreBuilder tombstoneTtl(Duration tombstoneTtl) {
        this.tombstoneTtl = tombstoneTtl;
        return this;
    }

    /** The ACL user name, when not in the URI. */
    public RedisKvStoreBuilder username(String username) {
        this.username = username;
        return this;
    }

    /** The password, when not in the URI. Never logged or printed. */
    public RedisKvStoreBuilder password(String password) {
        this.password = password == null ? null : password.toCharArray();
        return this;
    }

    /** The client library the store creates its client with. Default {@link RedisClientLibrary#LETTUCE}. */
    public RedisKvStoreBuilder clientLibrary(RedisClientLibrary library) {
        this.library = library;
        return this;
    }

    /**
     * Most commands a Lettuce connection holds unsent or unanswered; beyond it commands fail at once, which
     * bounds memory while Redis is slow. Default {@link RedisKvStore#DEFAULT_REQUEST_QUEUE_SIZE}; must exceed
     * the largest batch.
     */
    public RedisKvStoreBuilder requestQueueSize(int requestQueueSize) {
        this.requestQueueSize = requestQueueSize;
        return this;
    }

    /** Most pooled connections of a Jedis client the store creates. Default {@link RedisKvStore#DEFAULT_JEDIS_POOL_SIZE}. */
    public RedisKvStoreBuilder jedisPoolSize(int jedisPoolSize) {
        this.jedisPoolSize = jedisPoolSize;
        return this;
    }

    /**
     * Trusts the certificate authorities in {@code pemFile} (one or more PEM certificates, one after another)
     * for {@code rediss://} connections, instead of the JVM's default trust: for a Redis whose certificate a
     * private CA issued. Applies to every connection the store creates (data nodes, cluster nodes,
     * Sentinels) with either client library, and to nothing else in the JVM. May be combined with
     * {@link #trustStore(Path, char[])}; then the certificates of both are trusted. The file is read by
     * {@link #build()}, which fails when it is missing or holds no certificate. Requires a {@code rediss://}
     * URI ({@code build()} refuses trust settings that no connection would use) and a store-created client.
     *
     * @param pemFile the PEM file, or {@code null} for none (the default)
     */
    public RedisKvStoreBuilder trustedCertificates(Path pemFile) {
        this.trustedCertificates = pemFile;
        return this;
    }

    /**
     * Trusts the certificate entries of a JKS or PKCS12 trust store (the type is detected) for
     * {@code rediss://} connections, instead of the JVM's default trust; otherwise as
     * {@link #trustedCertificates(Path)}. The store is opened by {@link #build()}, which fails when it is
     * missing, is not a trust store, the password is wrong, or it holds no trusted certificate.
     *
     * @param file     the trust store, or {@code null} for none (the default)
     * @param password its password, or {@code null} to skip the integrity check; copied, and never logged
     */
    public RedisKvStoreBuilder trustStore(Path file, char[] password) {
        this.trustStore = file;
        this.trustStorePassword = password == null ? null : password.clone();
        return this;
    }

    /**
     * Whether TLS connections check that the server's certificate names the host connected to. Default
     * {@code true}; {@code false} still verifies that a trusted CA issued the certificate, for servers reached
     * by an address their certificate does not list. Only meaningful with a {@code rediss://} URI.
     */
    public RedisKvStoreBuilder verifyHostname(boolean verifyHostname) {
        this.verifyHostname = verifyHostname;
        return this;
    }

    /**
     * Keeps up to {@code maxEntries} recently read keys in this JVM and answers reads of them without a round
     * trip, dropping each one as soon as Redis reports it changed. Redis pushes those reports itself
     * (server-assisted client-side caching, {@code CLIENT TRACKING}, Redis 6 or newer) on the connection
     * the store reads over; the store's own writes drop their keys when Redis acknowledged them, so a read
     * after a write returned never sees an older value. Absent keys are remembered
     * too. A lost connection empties the cache until tracking is back on, and a heartbeat every second
     * must be answered for entries to be served: a connection that silently stops delivering costs at most
     * three seconds of staleness. A change made by another client is seen once its push arrives (measured
     * with Redis on the same 2-core host: 0.2 ms after that client's write was acknowledged at p50, 3 ms at
     * p99; {@code NearCacheLagReport} in kvsync-benchmarks).
     *
     * <p>Lettuce on a single Redis node only (standalone, also TLS, also an application's
     * {@code RedisClient}): {@link #build()} refuses it with Jedis, a cluster, Sentinel, a connection that
     * speaks RESP2 or a Redis that refuses {@code CLIENT TRACKING}. Counters: {@link RedisKvStore#nearCacheStats()}.
     *
     * @param maxEntries how many keys at most, the least recently used dropped first; 0 (the default) for no
     *                   near cache
     */
    public RedisKvStoreBuilder nearCache(int maxEntries) {
        this.nearCacheEntries = maxEntries;
        return this;
    }

    /**
     * How versioned writes are fenced when a batch holds many of them. Each versioned write must apply only
     * if it is newer than what its key holds ({@link io.kvsync.spi.KvWrite#admit}), atomically. A batch with
     * fewer than {@code minVersionedWrites} of them does so by a Lua script call per key, in one round trip.
     * A batch with at least that many reads its keys under {@code WATCH}, decides every write in the client
     * by the same rule, and writes the outcome in one {@code MULTI}/{@code EXEC}, which Redis runs only if
     * no key changed since it was read; if one did, nothing is written and the batch goes by script. The
     * outcome is the same either way; the transaction costs Redis about half the CPU per key of a script
     * call (whose Lua bridge is most of its cost) and one more round trip, at most 128 keys per transaction.
     *
     * <p>Lettuce on a single Redis node only (standalone, also TLS, also an application's {@code RedisClient}
     * when {@link #uri} names the node too); a cluster (whose batches span many slots), Sentinel and Jedis
     * always use the script. Each writing thread borrows a connection of its own for its transactions
     * ({@code WATCH} belongs to a connection), from a client of the store's own on the same resources that
     * never reconnects: a transaction sent again on a new connection would run without its {@code WATCH}.
     *
     * @param minVersionedWrites the least number of versioned writes in a batch for a transaction; default
     *                           {@value RedisKvStore#DEFAULT_OPTIMISTIC_FENCING}; 0 to always use the script
     */
    public RedisKvStoreBuilder optimisticFencing(int minVersionedWrites) {
        this.optimisticFencing = minVersionedWrites;
        return this;
    }

    /**
     * Which versioned puts are first sent as set-if-absent, which writes them only where their key holds
     * nothing, before the rest are fenced (by script or optimistic transaction): on a single node runs of up
     * to 64 unexpiring puts as one {@code MSETNX} (a refused run's puts asked again one by one), otherwise a
     * {@code SET … NX [PX ttl]} per key. Over an empty key the fencing rule always applies a write with its own
     * envelope, so the outcome is the same; it cost Redis 2.2 µs per new key against 3.9 µs fenced, and a put
     * whose key held something costs one more round trip. With every client and topology (a single key per
     * command on a cluster, so no {@code CROSSSLOT}). Needs the {@code msetnx} permission under ACLs; when
     * Redis refuses it, the store logs once and fences every put. Default {@link SetIfAbsent#AUTO}: a row's insert, and the puts of
     * large batches while those find their keys mostly empty.
     */
    public RedisKvStoreBuilder setIfAbsent(SetIfAbsent mode) {
        this.setIfAbsent = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * Uses the application's Lettuce client (standalone or Sentinel), left open by {@link RedisKvStore#close()}.
     * The store connects to the client's own URI, or to the one given with {@link #uri} if any.
     */
    public RedisKvStoreBuilder client(RedisClient client) {
        this.lettuceClient = Objects.requireNonNull(client, "client");
        return this;
    }

    /** Uses the application's Lettuce cluster client, left open by {@link RedisKvStore#close()}. */
    public RedisKvStoreBuilder client(RedisClusterClient client) {
        this.lettuceClusterClient = Objects.requireNonNull(client, "client");
        return this;
    }

    /**
     * Uses the application's Jedis client ({@code RedisClient}, {@code RedisClusterClient},
     * {@code RedisSentinelClient}, or any other {@link UnifiedJedis}), left open by
     * {@link RedisKvStore#close()}. Named apart from {@code client(…)} so that applications without Jedis
     * on their class path can still compile calls to the Lettuce overloads.
     */
    public RedisKvStoreBuilder jedis(UnifiedJedis client) {
        this.jedis = Objects.requireNonNull(client, "client");
        return this;
    }

    /**
     * Creates the store and tries to connect; when Redis is unreachable it logs a warning and connects on
     * first use.
     *
     * @throws KvSyncConfigurationException when a setting is invalid or settings contradict each other, or a
     *         trusted-certificates file or trust store cannot be read; the message names the setting
     */
    public RedisKvStore build() {
        if (prefix == null) {
            throw invalid("prefix", RedisKvStoreProvider.PREFIX, "must not be null (use \"\" for none)", null);
        }
        requirePositive("timeout", RedisKvStoreProvider.TIMEOUT, timeout);
        requirePositive("connectTimeout", RedisKvStoreProvider.CONNECT_TIMEOUT, connectTimeout);
        requirePositive("tombstoneTtl", RedisKvStoreProvider.TOMBSTONE_TTL, tombstoneTtl);
        if (expiration != null && (expiration.isZero() || expiration.isNegative())) {
            throw invalid("expiration", RedisKvStoreProvider.EXPIRATION, "must be positive, or null for none", expiration);
        }
        if (requestQueueSize <= 0) {
            throw invalid("requestQueueSize", RedisKvStoreProvider.REQUEST_QUEUE_SIZE, "must be positive", requestQueueSize);
        }
        if (jedisPoolSize <= 0) {
            throw invalid("jedisPoolSize", RedisKvStoreProvider.POOL_SIZE, "must be positive", jedisPoolSize);
        }
        if (library == null) {
            throw invalid("clientLibrary", RedisKvStoreProvider.CLIENT, "must not be null", null);
        }
        if (nearCacheEntries < 0) {
            throw invalid("nearCache", RedisKvStoreProvider.NEAR_CACHE_MAX_ENTRIES, "must be 0 (none) or positive",
                    nearCacheEntries);
        }
        if (optimisticFencing < 0) {
            throw invalid("optimisticFencing", RedisKvStoreProvider.OPTIMISTIC_FENCING, "must be 0 (never) or positive",
                    optimisticFencing);
        }
        TlsTrust trust = TrustFiles.load(trustedCertificates, trustStore, trustStorePassword);
        GivenClients clients = new GivenClients(lettuceClient, lettuceClusterClient, jedis);
        refuseContradictions(clients, trust);
        BackendAssembly backends = BackendAssembly.of(new BackendRequest(uris, cluster, username, password, library,
                timeout, connectTimeout, requestQueueSize, jedisPoolSize, nearCacheEntries, optimisticFencing, clients,
                new TlsSettings(trustedCertificates, trustStore, trust, verifyHostname)));
        String description = "RedisKvStore[" + backends.source() + ", prefix=" + prefix + ", expiration="
                + (expiration == null ? "none" : expiration) + ", tombstoneTtl=" + tombstoneTtl + ", timeout=" + timeout
                + (setIfAbsent == SetIfAbsent.AUTO ? "" : ", setIfAbsent=" + setIfAbsent) + backends.options();
        RedisKvStore store = new RedisKvStore(new BackendHolder(backends.opener()),
                new CommandEncoder(prefix, expiration, tombstoneTtl), new SetIfAbsentFirst(setIfAbsent), description,
                nearCacheEntries);
        store.connectEagerly();
        return store;
    }

    /** Refuses an application client given together with another, or with settings that only a store-created client uses. */
    private void refuseContradictions(GivenClients clients, TlsTrust trust) {
        int given = clients.count();
        if (given > 1) {
            throw new KvSyncConfigurationException("RedisKvStore was given " + given + " clients; pass one of"
                    + " client(RedisClient), client(RedisClusterClient) or jedis(UnifiedJedis)");
        }
        if (given == 1 && (cluster || uris.size() > 1 || username != null || password != null)) {
            throw new KvSyncConfigurationException("RedisKvStore was given a client together with cluster, several"
                    + " uris, a username or a password; a client brings its own (only client(RedisClient) takes one uri)");
        }
        if (given == 1 && (trust != null || !verifyHostname)) {
            throw new KvSyncConfigurationException("RedisKvStore was given a client together with TLS settings ("
                    + RedisKvStoreProvider.TLS_TRUSTED_CERTIFICATES + ", " + RedisKvStoreProvider.TLS_TRUST_STORE + ", "
                    + RedisKvStoreProvider.TLS_VERIFY_HOSTNAME + "); a client brings its own TLS options, so configure"
                    + " trust on it");
        }
        if (clients.lettuceCluster() != null) {
            requireNoUris("client(RedisClusterClient)");
        }
        if (clients.jedis() != null) {
            requireNoUris("jedis(UnifiedJedis)");
        }
    }

    private void requireNoUris(String method) {
        if (!uris.isEmpty()) {
            throw new KvSyncConfigurationException("RedisKvStore was given " + method + " and uris; a client brings"
                    + " its own addresses, so leave out uri/uris (" + RedisKvStoreProvider.URI + ")");
        }
    }

    private static void requirePositive(String name, String setting, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw invalid(name, setting, "must be a positive duration", value);
        }
    }

    static KvSyncConfigurationException invalid(String name, String setting, String rule, Object value) {
        return new KvSyncConfigurationException("RedisKvStore " + name + " (setting " + setting + ") " + rule
                + " but was " + value);
    }
}
