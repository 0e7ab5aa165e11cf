package io.kvsync.store.redis.internal;

import io.kvsync.api.KvSyncConfigurationException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.masterreplica.StatefulRedisMasterReplicaConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Opens {@link LettuceBackend}s: on a client it creates from settings (and then shuts down on close), or on
 * a client the application passed in (left open).
 *
 * <p>A created client is bounded, unlike Lettuce's defaults: at most {@code requestQueueSize} commands
 * queued per connection and every command times out. A standalone connection also rejects commands at
 * once while disconnected rather than buffering them, since the engine keeps and retries failed writes
 * itself.
 */
public final class LettuceConnector {

    /** How long the shutdown of a created client may wait for its threads. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private LettuceConnector() {
    }

    /**
     * Reconnect attempts back off exponentially up to this cap, not Lettuce's default of 30 s: after a long
     * outage the store must be writing again within seconds of Redis coming back (measured with the
     * default: 13 s to reconnect after a 20 s outage, up to 30 s after longer ones).
     */
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    /** Creates a client from {@code settings} and connects it; on failure the client is shut down again. */
    public static RedisBackend open(ConnectionSettings settings) {
        return open(settings, 0);
    }

    /**
     * Like {@link #open(ConnectionSettings)}, with batches of at least {@code optimisticFencing} versioned
     * writes fenced by an {@link OptimisticFencing} transaction on a single node ({@code 0}: never).
     */
    public static RedisBackend open(ConnectionSettings settings, int optimisticFencing) {
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        try {
            return open(settings, resources, optimisticFencing);
        } catch (RuntimeException e) {
            resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    private static RedisBackend open(ConnectionSettings settings, ClientResources resources, int optimisticFencing) {
        if (settings.cluster() || settings.uris().size() > 1) {
            RedisClusterClient client = RedisClusterClient.create(resources, settings.authenticatedUris());
            try {
                // Lettuce 7 enables every adaptive topology refresh trigger (MOVED, failover…) by default.
                // Buffering while disconnected (the default) stays on: node connections open lazily, and
                // rejecting would fail the first command sent to each node. The queue bound and the
                // timeout keep that buffer small and short-lived.
                client.setOptions(ClusterClientOptions.builder()
                        .requestQueueSize(settings.requestQueueSize())
                        .timeoutOptions(BatchAwareTimeouts.options(settings.timeout()))
                        .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                        .sslOptions(sslOptions(settings))
                        .build());
                return open(client, settings.timeout(), () -> shutdown(client, resources));
            } catch (RuntimeException e) {
                shutdown(client, null);
                throw e;
            }
        }
        RedisURI uri = settings.authenticatedUris().get(0);
        uri.setTimeout(settings.timeout());
        RedisClient client = RedisClient.create(resources, uri);
        try {
            client.setOptions(ClientOptions.builder()
                    .requestQueueSize(settings.requestQueueSize())
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(BatchAwareTimeouts.options(settings.timeout()))
                    .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                    .sslOptions(sslOptions(settings))
                    .build());
            return open(client, uri, settings.timeout(), optimisticFencing, () -> shutdown(client, resources));
        } catch (RuntimeException e) {
            shutdown(client, null);
            throw e;
        }
    }

    /**
     * Lettuce's default TLS options (the JVM's trust), or options that trust the settings' CAs instead. One
     * client serves the data nodes and the Sentinels alike, so both get them.
     */
    private static SslOptions sslOptions(ConnectionSettings settings) {
        if (settings.trust() == null) {
            return SslOptions.create();
        }
        return SslOptions.builder().trustManager(settings.trust().trustManagerFactory()).build();
    }

    /** Connects an application's standalone or Sentinel client, to {@code uri} or else to the client's own URI. */
    public static RedisBackend open(RedisClient client, RedisURI uri, Duration timeout) {
        return open(client, uri, timeout, 0);
    }

    /** Like {@link #open(RedisClient, RedisURI, Duration)}, with optimistic fencing as in {@link #open(ConnectionSettings, int)}. */
    public static RedisBackend open(RedisClient client, RedisURI uri, Duration timeout, int optimisticFencing) {
        return open(client, uri, timeout, optimisticFencing, () -> { });
    }

    /** Connects an application's cluster client. */
    public static RedisBackend open(RedisClusterClient client, Duration timeout) {
        return open(client, timeout, () -> { });
    }

    private static RedisBackend open(RedisClient client, RedisURI uri, Duration timeout, int optimisticFencing,
                                     Runnable closeClient) {
        StatefulRedisConnection<byte[], byte[]> writes = connect(client, uri);
        StatefulRedisConnection<byte[], byte[]> reads;
        try {
            reads = connect(client, uri);
        } catch (RuntimeException e) {
            writes.close();
            throw e;
        }
        OptimisticFencing optimistic = optimisticFencing == 0 ? null : optimisticFencing(client, uri, optimisticFencing, timeout);
        return new LettuceBackend(writes, writes.async(), reads, reads.async(), timeout, closeClient, true, optimistic);
    }

    private static StatefulRedisConnection<byte[], byte[]> connect(RedisClient client, RedisURI uri) {
        if (isSentinel(uri)) {
            // A plain connection asks Sentinel for the master only when it (re)connects: after a fail-over it
            // kept writing to the former master until Sentinel demoted it, seconds later, and those
            // acknowledged writes were lost (kvsync-it SentinelRoundTripTest). A master/replica connection
            // follows Sentinel's switch at once; its default ReadFrom sends reads to the master as well.
            return MasterReplica.connect(client, ByteArrayCodec.INSTANCE, uri);
        }
        return uri == null ? client.connect(ByteArrayCodec.INSTANCE) : client.connect(ByteArrayCodec.INSTANCE, uri);
    }

    /**
     * Transactions for {@link OptimisticFencing}, on connections of a client of their own that shares
     * {@code client}'s resources and options but never reconnects: Lettuce sends the commands a lost connection
     * left unanswered again once it reconnects, and a {@code MULTI … EXEC} sent again on a new connection,
     * without the {@code WATCH} of the old one, would write what was decided over a read that another client
     * may have overtaken. Without reconnection such commands fail, and the engine retries the batch. {@code null}
     * (the script for every batch) through Sentinel, whose fail-overs only the master/replica connection
     * follows, and on an application's client given without a URI, whose own URI Lettuce does not expose.
     */
    private static OptimisticFencing optimisticFencing(RedisClient client, RedisURI uri, int minVersionedWrites,
                                                       Duration timeout) {
        if (uri == null || isSentinel(uri)) {
            return null;
        }
        RedisClient transactions = RedisClient.create(client.getResources(), uri);
        transactions.setOptions(client.getOptions().mutate().autoReconnect(false).build());
        return new OptimisticFencing(() -> transactions.connect(ByteArrayCodec.INSTANCE, uri), minVersionedWrites, timeout,
                () -> transactions.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT));
    }

    private static boolean isSentinel(RedisURI uri) {
        return uri != null && !uri.getSentinels().isEmpty();
    }

    private static RedisBackend open(RedisClusterClient client, Duration timeout, Runnable closeClient) {
        StatefulRedisClusterConnection<byte[], byte[]> writes = client.connect(ByteArrayCodec.INSTANCE);
        StatefulRedisClusterConnection<byte[], byte[]> reads;
        try {
            reads = client.connect(ByteArrayCodec.INSTANCE);
        } catch (RuntimeException e) {
            writes.close();
            throw e;
        }
        return new LettuceBackend(writes, writes.async(), reads, reads.async(), timeout, closeClient, false);
    }

    /**
     * Puts a {@link NearCache} of {@code maxEntries} in front of {@code backend}'s reads, with tracking on its read
     * connection; closes {@code backend} when that fails.
     *
     * @throws KvSyncConfigurationException when the backend is not a single node's Lettuce backend, or Redis
     *         cannot track keys for it
     * @throws IllegalStateException        when Redis did not confirm tracking in time
     */
    public static RedisBackend withNearCache(RedisBackend backend, int maxEntries, Duration timeout) {
        try {
            if (!(backend instanceof LettuceBackend lettuce)
                    || !(lettuce.readConnection() instanceof StatefulRedisConnection<byte[], byte[]> reads)
                    || reads instanceof StatefulRedisMasterReplicaConnection) {
                throw new KvSyncConfigurationException("RedisKvStore's near cache works on a single Redis node through"
                        + " Lettuce only, not through Sentinel, a cluster or Jedis");
            }
            NearCache cache = new NearCache(maxEntries, System::nanoTime);
            return new NearCachedBackend(lettuce, cache, LettuceTracking.start(reads, cache, timeout));
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** Shuts the client down, then the resources it was created with (a client does not own given resources). */
    private static void shutdown(io.lettuce.core.AbstractRedisClient client, ClientResources resources) {
        client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
        if (resources != null) {
            resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
