package io.kvsync.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A key-value backend: it stores bytes under string keys and knows nothing of entities or
 * marshaling.
 *
 * <p><b>Thread safety.</b> Implementations are safe for concurrent use by several engine workers and
 * readers. The engine guarantees that writes of one key are never submitted concurrently, so a store
 * need only keep the order of writes <em>within</em> one {@link #write} call.
 *
 * <p><b>Errors.</b> Every method throws {@link io.kvsync.api.KvStoreException} when the backend fails
 * or the store is closed; the engine then keeps the writes pending and retries them. Other runtime
 * exceptions are treated the same way.
 *
 * <p><b>Versions.</b> See {@link KvWrite}: a versioned put or delete is applied only when its version
 * is newer than the one held for the key; versioned deletes leave tombstones that {@link #read} treats
 * as absent.
 *
 * <p>Contract tests: {@code io.kvsync.tck.KvStoreContract} in {@code kvsync-tck}.
 */
public interface KvStore extends AutoCloseable {

    /**
     * Applies the writes in list order, in one round trip where the backend allows it. Writes of
     * different keys may become visible in any order; on failure, any prefix of the list may have been
     * applied (the engine retries the whole batch, which is safe because puts and deletes are
     * idempotent).
     *
     * @param writes the writes to apply; may be empty
     * @throws io.kvsync.api.KvStoreException when the backend fails or the store is closed
     */
    void write(List<KvWrite> writes);

    /**
     * Applies the writes as {@link #write(List)} does, and tells {@code uncertain} of each write that met
     * another row's claim stamped by another instance within {@link UncertainOrders#windowMicros()}
     * ({@link KvWrite#uncertainOrder}). The engine calls this one. The default cannot tell, and only
     * writes: stores that fence claims should override it (the built-in ones do).
     *
     * @throws io.kvsync.api.KvStoreException as {@link #write(List)}; what was reported before the failure
     *         stays reported
     */
    default void write(List<KvWrite> writes, UncertainOrders uncertain) {
        write(writes);
    }

    /**
     * Reads several keys, in one round trip where the backend allows it.
     *
     * @param keys the keys to read; duplicates are allowed
     * @return the value of every key that is present; absent, expired and tombstoned keys are missing
     *         from the map. The caller may modify the returned arrays.
     * @throws io.kvsync.api.KvStoreException when the backend fails or the store is closed
     */
    Map<String, byte[]> read(Collection<String> keys);

    /**
     * Lists the keys the store holds that start with {@code prefix} (without any store-side prefix), in
     * batches of at most {@code batchSize}, for tools that look for entries no database row justifies any
     * more (reconciliation after a crash). May include keys that hold tombstones; {@link #read} tells them
     * apart. The listing need not be a snapshot: keys written meanwhile may or may not appear.
     *
     * <p>{@code batchSize} must be at least 1; the built-in stores throw {@link IllegalArgumentException}
     * otherwise. {@link KeyBatcher} cuts the keys an implementation finds into such batches.
     *
     * <p>Optional: the default throws {@link UnsupportedOperationException}.
     *
     * @throws io.kvsync.api.KvStoreException when the backend fails or the store is closed
     */
    default void scanKeys(String prefix, int batchSize, java.util.function.Consumer<List<String>> batches) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot list its keys");
    }

    /**
     * Releases the store's resources. Idempotent. After it returns, {@link #write} and {@link #read}
     * throw {@link io.kvsync.api.KvStoreException}. A store that was given a client or instance by its
     * user leaves that client open.
     */
    @Override
    void close();
}
