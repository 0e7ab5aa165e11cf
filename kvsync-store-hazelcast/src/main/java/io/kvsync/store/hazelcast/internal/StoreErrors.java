package io.kvsync.store.hazelcast.internal;

import com.hazelcast.nio.serialization.HazelcastSerializationException;
import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KeyCount;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Words the store's {@link KvStoreException}s: each names the store, the operation, how many keys it
 * concerned and the first of them, and the cause. Immutable; thread-safe.
 */
public final class StoreErrors {

    private static final String PROCESSOR_CLASS = WriteProcessor.class.getName();

    private final String store;

    /** @param store how the store presents itself, e.g. {@code HazelcastKvStore[map=kvsync]} */
    public StoreErrors(String store) {
        this.store = store;
    }

    /** The store was closed before {@code operation} of {@code keyCount} keys. */
    public KvStoreException closed(String operation, int keyCount, String firstKey) {
        return new KvStoreException(store + " is closed: cannot " + operation + " " + KeyCount.describe(keyCount, firstKey)
                + "; create a new store");
    }

    /** The store could not do {@code what} (not a keyed operation) because of {@code cause}. */
    public KvStoreException unavailable(String what, Throwable cause) {
        Throwable root = unwrap(cause);
        return new KvStoreException(store + ": could not " + what + ": " + describe(root), root);
    }

    /** {@code operation} of {@code keyCount} keys failed with {@code cause}. */
    public KvStoreException failed(String operation, int keyCount, String firstKey, Throwable cause) {
        Throwable root = unwrap(cause);
        return new KvStoreException(store + ": " + operation + " of " + KeyCount.describe(keyCount, firstKey)
                + (firstKey == null ? "" : ",") + " failed: "
                + describe(root) + hint(root), root);
    }

    /** Some writes of a batch failed; {@code failedKey} is the first that did. */
    public KvStoreException writesFailed(int failedCount, int keyCount, String failedKey, Throwable cause) {
        Throwable root = unwrap(cause);
        return new KvStoreException(store + ": write of " + failedCount + " of " + keyCount + " key(s) failed"
                + KeyCount.theFirstBeing(failedKey) + ": " + describe(root) + hint(root), root);
    }

    /** {@code pending} of {@code keyCount} writes had not finished when the timeout ran out. */
    public KvStoreException timedOut(int pending, int keyCount, String firstKey, Duration timeout) {
        return new KvStoreException(store + ": write of " + KeyCount.describe(keyCount, firstKey) + " timed out after "
                + timeout + " with " + pending + " key(s) unanswered; the cluster is slow or unreachable");
    }

    /** The calling thread was interrupted while it waited. */
    public KvStoreException interrupted(String operation, int keyCount, String firstKey, InterruptedException cause) {
        return new KvStoreException(store + ": interrupted during " + operation + " of " + KeyCount.describe(keyCount, firstKey), cause);
    }

    /** The map holds bytes under {@code key} that this store did not write. */
    public KvStoreException foreignValue(String key, int length) {
        return new KvStoreException(store + ": the value under key " + key + " (" + length + " bytes) was not written"
                + " by KVSync; is the map shared with another application? Give KVSync a map of its own");
    }

    private static Throwable unwrap(Throwable cause) {
        Throwable t = cause;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable cause) {
        return cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    /** Spells out the one failure a user cannot guess from Hazelcast's message. */
    private static String hint(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            boolean missingClass = t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError
                    || t instanceof HazelcastSerializationException;
            if (missingClass && String.valueOf(t.getMessage()).contains("io.kvsync")) {
                return " (the members cannot load " + PROCESSOR_CLASS + ", which writes run on them: put"
                        + " the kvsync-store-hazelcast and kvsync-api jars on every member's class path)";
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return "";
    }
}
