package io.kvsync.store.redis.internal;

/**
 * The Redis store's one logger, named after the module rather than after each class, so that an
 * operator sets the store's level with one name, apart from the engine's ({@code io.kvsync}).
 */
public final class RedisStoreLog {

    /** The logger's name: {@value}. */
    public static final String NAME = "io.kvsync.store.redis";

    /** The logger every class of the store writes to. */
    public static final System.Logger LOGGER = System.getLogger(NAME);

    private RedisStoreLog() {
    }
}
