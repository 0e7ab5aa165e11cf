package io.kvsync.store.redis.internal;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.store.redis.RedisClientLibrary;
import io.kvsync.store.redis.RedisKvStore;
import io.kvsync.store.redis.RedisKvStoreProvider;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.cluster.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Puts together the backend a builder's settings ask for: Lettuce or Jedis, on a client the store creates
 * or on the application's own, standalone, cluster or Sentinel, with the TLS trust and host-name checking
 * given, and the near cache in front if asked for. Refuses, when assembled, the combinations that show
 * only once the URIs are parsed: Sentinel URIs for a cluster, TLS settings without a {@code rediss://}
 * URI, a near cache where it cannot work. Nothing connects until the {@link #opener()} is called.
 * Immutable.
 */
public final class BackendAssembly {

    private final Supplier<RedisBackend> opener;
    private final String source;
    private final String options;

    private BackendAssembly(Supplier<RedisBackend> opener, String source, String options) {
        this.opener = opener;
        this.source = source;
        this.options = options;
    }

    /**
     * Assembles the backend {@code request} asks for.
     *
     * @throws KvSyncConfigurationException when the settings contradict each other, a URI cannot be parsed,
     *         or Jedis is chosen but not on the class path; the message names the settings
     */
    public static BackendAssembly of(BackendRequest request) {
        String options = request.tls().asOptions()
                + (request.nearCacheEntries() == 0 ? "" : ", nearCache=" + request.nearCacheEntries())
                + (request.optimisticFencing() == io.kvsync.store.redis.RedisKvStore.DEFAULT_OPTIMISTIC_FENCING ? ""
                        : ", optimisticFencing=" + request.optimisticFencing());
        if (request.clients().count() > 0) {
            return new BackendAssembly(nearCached(request, onGivenClient(request)), describeGivenClient(request), options);
        }
        ConnectionSettings settings = connectionSettings(request);
        Supplier<RedisBackend> opener = nearCached(request, onCreatedClient(request, settings));
        // Described as connected to: with the credentials given apart from the URIs, the user name shown.
        String source = request.library().name().toLowerCase(Locale.ROOT) + (settings.cluster() ? " cluster " : " ")
                + Endpoints.describe(settings.authenticatedUris());
        return new BackendAssembly(opener, source, options);
    }

    /** Connects a new backend each time it is called; throws the client library's exception when it cannot. */
    public Supplier<RedisBackend> opener() {
        return opener;
    }

    /**
     * The client library and the endpoints with the user who logs in, e.g.
     * {@code lettuce redis://app:****@cache:6379}; never a password.
     */
    public String source() {
        return source;
    }

    /** The TLS, near-cache and optimistic-fencing settings that differ from their defaults, each as {@code ", name=value"}. */
    public String options() {
        return options;
    }

    private static Supplier<RedisBackend> onGivenClient(BackendRequest request) {
        GivenClients clients = request.clients();
        Duration timeout = request.timeout();
        if (clients.lettuce() != null) {
            RedisURI uri = request.uris().isEmpty() ? null : Endpoints.parse(request.uris(), "uri").get(0);
            RedisClient client = clients.lettuce();
            int optimistic = request.optimisticFencing();
            return () -> LettuceConnector.open(client, uri, timeout, optimistic);
        }
        if (clients.lettuceCluster() != null) {
            RedisClusterClient client = clients.lettuceCluster();
            return () -> LettuceConnector.open(client, timeout);
        }
        UnifiedJedis client = clients.jedis();
        return () -> JedisConnector.open(client);
    }

    private static Supplier<RedisBackend> onCreatedClient(BackendRequest request, ConnectionSettings settings) {
        if (request.library() == RedisClientLibrary.JEDIS) {
            requireJedisOnClassPath();
            return () -> JedisConnector.open(settings);
        }
        int optimistic = request.optimisticFencing();
        return () -> LettuceConnector.open(settings, optimistic);
    }

    /** {@code opener} with the near cache in front, if one is asked for; refused where it cannot work. */
    private static Supplier<RedisBackend> nearCached(BackendRequest request, Supplier<RedisBackend> opener) {
        int entries = request.nearCacheEntries();
        if (entries == 0) {
            return opener;
        }
        GivenClients clients = request.clients();
        List<String> uris = request.uris();
        String refusal = null;
        if (clients.jedis() != null || (clients.lettuce() == null && clients.lettuceCluster() == null
                && request.library() == RedisClientLibrary.JEDIS)) {
            refusal = "works with Lettuce only, not with Jedis";
        } else if (clients.lettuceCluster() != null || request.cluster() || uris.size() > 1) {
            refusal = "works on a single Redis node only, not on a cluster";
        } else if (uris.size() == 1 && !Endpoints.parse(uris, "uri").get(0).getSentinels().isEmpty()) {
            refusal = "works on a single Redis node only, not through Sentinel";
        }
        if (refusal != null) {
            throw new KvSyncConfigurationException("RedisKvStore nearCache (setting " + RedisKvStoreProvider.NEAR_CACHE_MAX_ENTRIES
                    + "=" + entries + ") " + refusal + "; leave it at 0 there");
        }
        Duration wait = request.timeout();
        return () -> LettuceConnector.withNearCache(opener.get(), entries, wait);
    }

    private static ConnectionSettings connectionSettings(BackendRequest request) {
        List<String> given = request.uris().isEmpty() ? List.of(RedisKvStore.DEFAULT_URI) : request.uris();
        List<RedisURI> parsed = Endpoints.parse(given, given.size() > 1 ? "uris" : "uri");
        boolean isCluster = request.cluster() || parsed.size() > 1;
        if (isCluster && parsed.stream().anyMatch(uri -> !uri.getSentinels().isEmpty())) {
            throw new KvSyncConfigurationException("RedisKvStore cannot use Sentinel URIs for a Redis Cluster: "
                    + Endpoints.describe(parsed) + "; give the cluster's nodes as redis:// or rediss:// URIs");
        }
        TlsSettings tls = request.tls();
        boolean encrypted = parsed.stream().anyMatch(uri -> uri.isSsl() || uri.getSentinels().stream().anyMatch(RedisURI::isSsl));
        if (!encrypted && tls.given()) {
            // Silently ignoring them would hide that the connection is not encrypted at all.
            throw new KvSyncConfigurationException("RedisKvStore was given TLS settings (" + tls.bySettingName()
                    + ") but no rediss:// URI: " + Endpoints.describe(parsed) + "; use rediss:// to connect by TLS,"
                    + " or leave the TLS settings out");
        }
        if (!tls.verifyHostname()) {
            for (RedisURI uri : parsed) {
                uri.setVerifyPeer(SslVerifyMode.CA);
                uri.getSentinels().forEach(sentinel -> sentinel.setVerifyPeer(SslVerifyMode.CA));
            }
        }
        return new ConnectionSettings(parsed, isCluster, request.username(), request.password(), request.timeout(),
                request.connectTimeout(), request.requestQueueSize(), request.jedisPoolSize(), tls.trust());
    }

    private static String describeGivenClient(BackendRequest request) {
        GivenClients clients = request.clients();
        List<String> uris = request.uris();
        if (clients.lettuce() != null) {
            return "lettuce, the application's RedisClient" + (uris.isEmpty() ? "" : " to " + Endpoints.redact(uris.get(0)));
        }
        if (clients.lettuceCluster() != null) {
            return "lettuce, the application's RedisClusterClient";
        }
        return "jedis, the application's " + clients.jedis().getClass().getSimpleName();
    }

    private static void requireJedisOnClassPath() {
        try {
            Class.forName("redis.clients.jedis.UnifiedJedis", false, BackendAssembly.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new KvSyncConfigurationException(RedisKvStoreProvider.CLIENT + "=jedis but Jedis is not on the"
                    + " class path; add redis.clients:jedis, or use the default client lettuce");
        }
    }
}
