package io.kvsync.store.redis.internal;

import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;
import redis.clients.jedis.UnifiedJedis;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Opens {@link JedisBackend}s: on a Jedis client it creates from settings (closed with the store), or on
 * one the application passed in (left open). URIs are parsed by Lettuce's {@link RedisURI}, so that both
 * clients accept exactly the same URIs. Only loaded when Jedis is chosen, so Jedis stays optional.
 */
public final class JedisConnector {

    private JedisConnector() {
    }

    /** Creates a client from {@code settings}. */
    public static RedisBackend open(ConnectionSettings settings) {
        RedisURI first = settings.authenticatedUris().get(0);
        JedisClientConfig config = clientConfig(first, settings);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        // Without a bound, a caller waits forever for a pooled connection when Redis hangs.
        pool.setMaxWait(settings.timeout());
        UnifiedJedis jedis;
        if (settings.cluster() || settings.uris().size() > 1) {
            Set<HostAndPort> nodes = new LinkedHashSet<>();
            settings.uris().forEach(uri -> nodes.add(new HostAndPort(uri.getHost(), uri.getPort())));
            jedis = RedisClusterClient.builder().nodes(nodes).clientConfig(config).poolConfig(pool).build();
        } else if (!first.getSentinels().isEmpty()) {
            Set<HostAndPort> sentinels = new LinkedHashSet<>();
            first.getSentinels().forEach(s -> sentinels.add(new HostAndPort(s.getHost(), s.getPort())));
            RedisURI sentinel = first.getSentinels().get(0);
            jedis = RedisSentinelClient.builder().masterName(first.getSentinelMasterId()).sentinels(sentinels)
                    .clientConfig(config).sentinelClientConfig(clientConfig(sentinel, settings)).poolConfig(pool).build();
        } else {
            jedis = RedisClient.builder().hostAndPort(first.getHost(), first.getPort())
                    .clientConfig(config).poolConfig(pool).build();
        }
        try {
            return new JedisBackend(jedis, true);
        } catch (RuntimeException e) {
            jedis.close();
            throw e;
        }
    }

    /** Uses an application's client, which the store leaves open. */
    public static RedisBackend open(UnifiedJedis jedis) {
        return new JedisBackend(jedis, false);
    }

    /**
     * The URI's verify mode (Lettuce's {@code verifyPeer}, which the builder lowers to {@code CA} when host
     * names are not verified) and the settings' CAs, if any, in place of the JVM's default trust.
     */
    private static SslOptions sslOptions(RedisURI uri, TlsTrust trust) {
        SslOptions.Builder options = SslOptions.builder().sslVerifyMode(switch (uri.getVerifyMode()) {
            case FULL -> SslVerifyMode.FULL;
            case CA -> SslVerifyMode.CA;
            case NONE -> SslVerifyMode.INSECURE;
        });
        if (trust != null) {
            options.trustStoreType("PKCS12").truststore(trust::pkcs12, trust.pkcs12Password());
        }
        return options.build();
    }

    private static JedisClientConfig clientConfig(RedisURI uri, ConnectionSettings settings) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .database(uri.getDatabase())
                .socketTimeoutMillis(Math.toIntExact(settings.timeout().toMillis()))
                .connectionTimeoutMillis(Math.toIntExact(settings.connectTimeout().toMillis()));
        if (uri.isSsl()) {
            config.sslOptions(sslOptions(uri, settings.trust()));
        }
        RedisCredentialsProvider credentials = uri.getCredentialsProvider();
        RedisCredentials resolved = credentials == null ? null : credentials.resolveCredentials().block(settings.timeout());
        if (resolved != null && resolved.hasPassword()) {
            config.password(new String(resolved.getPassword()));
            if (resolved.hasUsername()) {
                config.user(resolved.getUsername());
            }
        }
        return config.build();
    }
}
