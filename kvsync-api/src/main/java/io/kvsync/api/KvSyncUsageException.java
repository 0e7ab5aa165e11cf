package io.kvsync.api;

/**
 * KVSync was called in a way that cannot work: an object that does not implement {@link Syncable},
 * a null or blank key, an unknown key name, two key names mapping to the same key, a call after
 * {@code close()}. The message names the entity type and the key name.
 */
public class KvSyncUsageException extends KvSyncException {

    private static final long serialVersionUID = 1L;

    public KvSyncUsageException(String message) {
        super(message);
    }

    public KvSyncUsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
