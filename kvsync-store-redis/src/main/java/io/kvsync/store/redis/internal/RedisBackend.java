package io.kvsync.store.redis.internal;

import io.kvsync.spi.UncertainOrders;

import java.util.List;
import java.util.function.Consumer;

/**
 * One client library's way of talking to Redis. Implementations are thread-safe; they throw the client
 * library's own runtime exceptions, which the store wraps in {@link io.kvsync.api.KvStoreException}.
 */
public interface RedisBackend extends AutoCloseable {

    /** How versioned writes reach the script. */
    enum ScriptMode {
        /** By digest: the normal case, the script is cached on the node. */
        EVALSHA,
        /** With the script's text, after a node answered {@code NOSCRIPT} (restarted, failed over, flushed). */
        EVAL
    }

    /**
     * Sends the commands pipelined, in order, and waits for every reply.
     *
     * @return {@code true} when some node did not know the script ({@code NOSCRIPT}) and the batch must be
     *         sent again with {@link ScriptMode#EVAL}; every other failure is thrown
     */
    default boolean write(List<StoreCommand> commands, ScriptMode mode) {
        return write(commands, mode, UncertainOrders.NONE);
    }

    /**
     * Like {@link #write(List, ScriptMode)}, and hands each fenced command's reply to
     * {@link StoreCommand#tell}, so that {@code uncertain} learns of the hand-overs the script found
     * uncertain (replies that came; a failure is still thrown afterwards).
     */
    boolean write(List<StoreCommand> commands, ScriptMode mode, UncertainOrders uncertain);

    /**
     * Sends {@code SET key value NX [PX ttl]} for each of {@code puts} (their keys, envelopes and times to
     * live), pipelined, and waits for every reply.
     *
     * @return for each put, in order, whether it was written: {@code false} where its key already held something
     */
    boolean[] setIfAbsent(List<StoreCommand> puts);

    /** The stored bytes of each key, in the order of {@code keys}; {@code null} where a key is absent. */
    List<byte[]> read(List<byte[]> keys);

    /**
     * Iterates the keys matching the glob {@code pattern} with {@code SCAN} (every master of a cluster),
     * handing them over in batches of about {@code batchSize}.
     */
    void scan(String pattern, int batchSize, Consumer<List<String>> batches);

    /** Closes the connections, and the client when the backend created it. Idempotent. */
    @Override
    void close();
}
