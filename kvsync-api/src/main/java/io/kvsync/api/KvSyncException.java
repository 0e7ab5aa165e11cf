package io.kvsync.api;

/**
 * The root of every exception KVSync throws. Unchecked: replication problems are reported through
 * {@link SyncReport}s, and what is thrown signals a usage, configuration, marshaling or store error
 * that the caller can act on. Messages name the entity type, the key and what to do.
 */
public class KvSyncException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KvSyncException(String message) {
        super(message);
    }

    public KvSyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
