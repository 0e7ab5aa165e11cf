package io.kvsync.store.redis.internal;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;

import java.time.Duration;

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

    /** Creates a client from {@code settings} and connects it; on failure the client is shut down again. */
    public static RedisBackend open(ConnectionSettings settings) {
        if (settings.cluster() || settings.uris().size() > 1) {
            RedisClusterClient client = RedisClusterClient.create(settings.authenticatedUris());
            try {
                // Lettuce 7 enables every adaptive topology refresh trigger (MOVED, failover…) by default.
                // Buffering while disconnected (the default) stays on: node connections open lazily, and
                // rejecting would fail the first command sent to each node. The queue bound and the
                // timeout keep that buffer small and short-lived.
                client.setOptions(ClusterClientOptions.builder()
                        .requestQueueSize(settings.requestQueueSize())
                        .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                        .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                        .build());
                return open(client, settings.timeout(), () -> shutdown(client));
            } catch (RuntimeException e) {
                shutdown(client);
                throw e;
            }
        }
        RedisURI uri = settings.authenticatedUris().get(0);
        uri.setTimeout(settings.timeout());
        RedisClient client = RedisClient.create(uri);
        try {
            client.setOptions(ClientOptions.builder()
                    .requestQueueSize(settings.requestQueueSize())
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                    .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                    .build());
            return open(client, null, settings.timeout(), () -> shutdown(client));
        } catch (RuntimeException e) {
            shutdown(client);
            throw e;
        }
    }

    /** Connects an application's standalone or Sentinel client, to {@code uri} or else to the client's own URI. */
    public static RedisBackend open(RedisClient client, RedisURI uri, Duration timeout) {
        return open(client, uri, timeout, () -> { });
    }

    /** Connects an application's cluster client. */
    public static RedisBackend open(RedisClusterClient client, Duration timeout) {
        return open(client, timeout, () -> { });
    }

    private static RedisBackend open(RedisClient client, RedisURI uri, Duration timeout, Runnable closeClient) {
        StatefulRedisConnection<byte[], byte[]> writes = connect(client, uri);
        StatefulRedisConnection<byte[], byte[]> reads;
        try {
            reads = connect(client, uri);
        } catch (RuntimeException e) {
            writes.close();
            throw e;
        }
        return new LettuceBackend(writes, writes.async(), reads, reads.async(), timeout, closeClient, true);
    }

    private static StatefulRedisConnection<byte[], byte[]> connect(RedisClient client, RedisURI uri) {
        return uri == null ? client.connect(ByteArrayCodec.INSTANCE) : client.connect(ByteArrayCodec.INSTANCE, uri);
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

    private static void shutdown(io.lettuce.core.AbstractRedisClient client) {
        client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
    }
}
