package io.kvsync.store.redis.internal;

import io.kvsync.api.KvSyncConfigurationException;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.StatefulRedisConnectionImpl;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.protocol.ProtocolVersion;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a {@link NearCache} honest for the Lettuce connection that does the store's reads: turns
 * {@code CLIENT TRACKING} on (again after every reconnect), applies Redis's {@code invalidate} pushes, empties
 * the cache when the connection is lost, and sends a heartbeat {@code PING} every second whose answers
 * prove the push channel alive. Listeners run on Lettuce's event loop and never block. Thread-safe.
 */
public final class LettuceTracking implements AutoCloseable {

    /** The name the tracked connection gives itself, so operators can tell it in {@code CLIENT LIST}. */
    public static final String CONNECTION_NAME = "kvsync-near-cache";
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    private static final System.Logger LOG = RedisStoreLog.LOGGER;
    private static final byte[] NAME = CONNECTION_NAME.getBytes(StandardCharsets.US_ASCII);

    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final NearCache cache;
    /** Advanced on every disconnect: answers to commands sent before it no longer vouch for anything. */
    private final AtomicLong generation = new AtomicLong();
    private final PushListener pushes = this::onPush;
    private final RedisConnectionStateListener states = new RedisConnectionStateListener() {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> channel, SocketAddress address) {
            enable();
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> channel) {
            generation.incrementAndGet();
            cache.trackingLost();
        }
    };
    private final ScheduledFuture<?> heartbeat;
    private volatile boolean closed;
    /** A failed tracking request was logged; the next is not, until one succeeds. */
    private volatile boolean refusalLogged;

    private LettuceTracking(StatefulRedisConnection<byte[], byte[]> connection, NearCache cache) {
        this.connection = connection;
        this.cache = cache;
        connection.addListener(pushes);
        connection.addListener(states);
        this.heartbeat = connection.getResources().eventExecutorGroup().scheduleAtFixedRate(this::beat,
                HEARTBEAT.toNanos(), HEARTBEAT.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Starts tracking on {@code connection}, which must speak RESP3 (the pushes arrive on it), and waits until
     * Redis confirmed it, so that the cache works from the first read.
     *
     * @throws KvSyncConfigurationException when the connection speaks RESP2 or Redis refuses tracking (before
     *         6.0, or an ACL without {@code client|tracking}): retrying cannot help
     * @throws IllegalStateException        when Redis did not answer in time
     */
    public static LettuceTracking start(StatefulRedisConnection<byte[], byte[]> connection, NearCache cache,
                                        Duration timeout) {
        if (connection instanceof StatefulRedisConnectionImpl<?, ?> impl
                && impl.getConnectionState().getNegotiatedProtocolVersion() != ProtocolVersion.RESP3) {
            throw new KvSyncConfigurationException("RedisKvStore's near cache needs a RESP3 connection (Redis 6 or"
                    + " newer, and a client not limited to RESP2), for Redis to push invalidations on it; this one"
                    + " speaks " + impl.getConnectionState().getNegotiatedProtocolVersion());
        }
        LettuceTracking tracking = new LettuceTracking(connection, cache);
        try {
            // Not necessarily confirmed on this connection if it dropped meanwhile: then the reconnect's request
            // turns tracking on, and until it has, the cache stays unused.
            tracking.requestTracking().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return tracking;
        } catch (ExecutionException e) {
            tracking.close();
            if (e.getCause() instanceof RedisCommandExecutionException refused) {
                throw new KvSyncConfigurationException("RedisKvStore's near cache needs CLIENT TRACKING (Redis 6 or"
                        + " newer; with ACLs, the commands client|tracking and client|setname), but Redis answered: "
                        + refused.getMessage(), refused);
            }
            throw new IllegalStateException("Redis did not turn on CLIENT TRACKING for the near cache: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            tracking.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("Redis did not turn on CLIENT TRACKING for the near cache within " + timeout, e);
        }
    }

    /**
     * Names the connection and turns tracking on; once Redis confirmed, on this same connection (no disconnect
     * since), the cache may be used. Sent again after every reconnect, and by the heartbeat while tracking is
     * off (a request that failed). Runs on any thread; the confirmation on the event loop.
     */
    private CompletableFuture<String> requestTracking() {
        long sentIn = generation.get();
        long sentAt = System.nanoTime();
        connection.async().clientSetname(NAME);
        return connection.async().clientTracking(TrackingArgs.Builder.enabled()).toCompletableFuture()
                .whenComplete((ok, error) -> {
                    if (error == null && generation.get() == sentIn && !closed) {
                        cache.trackingOn(sentAt);
                        refusalLogged = false;
                    } else if (refusedByRedis(error) && !refusalLogged && !closed) {
                        refusalLogged = true;
                        LOG.log(System.Logger.Level.WARNING, () -> "RedisKvStore's near cache is not used: Redis did"
                                + " not turn on CLIENT TRACKING (" + error + "); retrying every " + HEARTBEAT.toSeconds() + " s");
                    }
                });
    }

    /** An error answer from Redis, as opposed to a lost or rejecting connection (which reconnecting mends). */
    private static boolean refusedByRedis(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
        return cause instanceof RedisCommandExecutionException;
    }

    /** After a reconnect: the new connection tracks nothing until told to, and has no name. */
    private void enable() {
        if (!closed) {
            requestTracking();
        }
    }

    private void beat() {
        if (closed) {
            return;
        }
        long sentIn = generation.get();
        long sentAt = System.nanoTime();
        try {
            if (!cache.isTracking()) {
                requestTracking();
            }
            connection.async().ping().whenComplete((pong, error) -> {
                if (error == null && generation.get() == sentIn && !closed) {
                    cache.proven(sentAt);
                }
            });
        } catch (RuntimeException e) {
            // Disconnected (commands are rejected): the proof lapses and the cache is bypassed meanwhile.
        }
    }

    private void onPush(PushMessage message) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        Object keys = message.getContent().size() < 2 ? null : message.getContent().get(1);
        if (keys instanceof List<?> list && list.stream().allMatch(ByteBuffer.class::isInstance)) {
            for (Object key : list) {
                cache.invalidate(name((ByteBuffer) key));
            }
        } else {
            // A null key list: Redis flushed the database (or, for anything unexpected, assume the worst).
            cache.invalidateAll();
        }
    }

    private static String name(ByteBuffer key) {
        byte[] bytes = new byte[key.remaining()];
        key.duplicate().get(bytes);
        return NearCachedBackend.name(bytes);
    }

    @Override
    public void close() {
        closed = true;
        heartbeat.cancel(false);
        connection.removeListener(pushes);
        connection.removeListener(states);
        cache.trackingLost();
    }
}
