package io.kvsync.store.redis;

/**
 * When a versioned put is first tried as a plain {@code SET key value NX} before it is fenced
 * ({@link RedisKvStoreBuilder#setIfAbsent(SetIfAbsent)}).
 *
 * <p>Over a key that holds nothing, the fencing rule ({@link io.kvsync.spi.KvWrite#admit}) always applies the
 * write and leaves its own envelope; {@code SET … NX} does exactly that, atomically, for about a third of the
 * Redis CPU of the fencing script or of an optimistic transaction. A put whose key holds something (a value, a
 * tombstone, another row's claim) is left untouched by it and goes on to the fencing, one round trip later.
 * The outcome is the same in every case; only the cost moves.
 */
public enum SetIfAbsent {

    /**
     * The default: a row's insert (a write whose claim says its row was born with it, as the Hibernate
     * integration writes inserts) goes first as {@code SET … NX}; so does every versioned put of a batch of
     * at least 8 while the last such batch found most of its keys empty (a bulk load, a replication of new
     * rows). When one did not, such batches go straight to the fencing, and one in 16 sends a sample
     * of 64 of its puts first, to notice when the keys are new again.
     */
    AUTO,
    /** Every versioned put goes first as {@code SET … NX}: for stores that mostly receive new keys, and for tests. */
    ALWAYS,
    /** No put goes first: every versioned write is fenced directly, as before this setting existed. */
    NEVER
}
