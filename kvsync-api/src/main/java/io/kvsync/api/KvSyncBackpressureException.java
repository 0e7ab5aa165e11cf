package io.kvsync.api;

/**
 * The engine's bound on distinct pending keys was reached and stayed reached for the configured
 * offer timeout: the store cannot keep up (or is down) and the backlog is full. The write named in
 * the message was not enqueued; it was also reported through the report callback.
 */
public class KvSyncBackpressureException extends KvSyncException {

    private static final long serialVersionUID = 1L;

    public KvSyncBackpressureException(String message) {
        super(message);
    }
}
