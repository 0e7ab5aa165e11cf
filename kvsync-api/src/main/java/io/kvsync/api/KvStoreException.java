package io.kvsync.api;

/**
 * The key-value store failed or is unavailable: a connection error, a timeout, a rejected command, a
 * closed store. Writes that fail this way stay pending in the engine and are retried.
 */
public class KvStoreException extends KvSyncException {

    private static final long serialVersionUID = 1L;

    public KvStoreException(String message) {
        super(message);
    }

    public KvStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
