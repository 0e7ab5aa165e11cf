package io.kvsync.store.redis.internal;

import java.util.function.Supplier;

/**
 * Opens the backend on first use and again after a failed attempt, so that a store built while Redis is
 * down still comes up: the engine keeps its writes and retries, and the next attempt connects. Once
 * open, the client library reconnects by itself. Thread-safe.
 */
public final class BackendHolder {

    private final Supplier<RedisBackend> opener;
    private volatile RedisBackend backend;
    private boolean closed;

    /** @param opener connects; throws the client library's exception when it cannot */
    public BackendHolder(Supplier<RedisBackend> opener) {
        this.opener = opener;
    }

    /**
     * The open backend, connecting first if needed.
     *
     * @throws IllegalStateException when the holder is closed
     * @throws RuntimeException      the client library's, when connecting fails
     */
    public RedisBackend get() {
        RedisBackend open = backend;
        if (open != null) {
            return open;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            if (backend == null) {
                backend = opener.get();
            }
            return backend;
        }
    }

    /** The backend if it is open, without connecting; {@code null} otherwise. */
    public RedisBackend getIfOpen() {
        return backend;
    }

    /** Whether {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Closes the backend if it was opened. Idempotent. */
    public void close() {
        RedisBackend open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = backend;
            backend = null;
        }
        if (open != null) {
            open.close();
        }
    }
}
