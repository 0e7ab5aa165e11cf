package io.kvsync.engine.internal;

import io.kvsync.engine.CommitClock;
import io.kvsync.spi.KvWrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's record of one entity change on its way from {@code KvSync} through the
 * {@link Dispatcher} into the write queue: who changed (type, identity, version, keys) and the key writes
 * it consists of, each a {@link PendingWrite} that points back here. Built by one thread, then only
 * read; the pending writes' own mutable state is guarded by the queue.
 */
public final class EntityChange {

    final Class<?> entityType;
    /** The row's identifier, or {@code null} when unknown. */
    final Object identity;
    final long version;
    /** What the writes claim their keys with: the row and the commit's stamp; {@code null} when unversioned or anonymous. */
    final KvWrite.Claim claim;
    /**
     * For a put: the entity's keys (the map {@code EntityKeys.of} returned, not a copy) and the keys of its
     * earlier state when known; by these, writes without identity are told apart (see {@link KeyClaims}).
     * {@code null} for deletes and for writes enqueued by raw key.
     */
    final Map<String, String> keys;
    final Map<String, String> previousKeys;
    final long enqueuedNanos = System.nanoTime();
    /** Handed to the dispatcher once, then dropped: a pending write must not keep its siblings alive. */
    private List<PendingWrite> writes;
    /** Told once the store has every write of this change; {@code null} when nobody asked. */
    private volatile Runnable whenWritten;
    /** Writes of this change the store has not acknowledged yet (set when the writes are taken). */
    private final AtomicInteger unsettled = new AtomicInteger();

    private EntityChange(Class<?> entityType, Object identity, long version, Stamp stamp, Map<String, String> keys,
                         Map<String, String> previousKeys, int expectedWrites) {
        this.entityType = entityType;
        this.identity = identity;
        this.version = version;
        this.claim = claimOf(entityType, identity, version, stamp);
        this.keys = keys;
        this.previousKeys = previousKeys;
        this.writes = new ArrayList<>(expectedWrites);
    }

    /**
     * When a change committed, and when its row's incarnation began.
     *
     * @param stamp    from {@link io.kvsync.engine.CommitClock}; positive
     * @param born     when the row's incarnation began: {@code stamp} for its insert, else the known birth or 0
     * @param origin   which process's clock drew it ({@link CommitClock#origin()})
     */
    public record Stamp(long stamp, long born, int origin) {
    }

    /** A put of {@code keys}; add its writes with {@link #put} and {@link #retire}. */
    public static EntityChange ofPut(Class<?> entityType, Object identity, long version, Stamp stamp,
                                     Map<String, String> keys, Map<String, String> previousKeys) {
        return new EntityChange(entityType, identity, version, stamp, keys, previousKeys, keys.size() + 1);
    }

    /** A delete; add its writes with {@link #retire}. */
    public static EntityChange ofDelete(Class<?> entityType, Object identity, long version, Stamp stamp,
                                        int expectedWrites) {
        return new EntityChange(entityType, identity, version, stamp, null, null, expectedWrites);
    }

    /** Unversioned writes are not fenced, so they need no claim; nor can a row without a stable name have one. */
    private static KvWrite.Claim claimOf(Class<?> entityType, Object identity, long version, Stamp stamp) {
        if (version == KvWrite.UNVERSIONED || stamp == null) {
            return null;
        }
        String owner = OwnerNames.of(entityType, identity);
        if (owner == null) {
            return null;
        }
        return new KvWrite.Claim(owner, stamp.stamp(), stamp.born(), stamp.origin());
    }

    /** Adds a put of {@code bytes} under {@code key}; {@code waiter} (nullable) completes when it is written. */
    public void put(String keyName, String key, byte[] bytes, java.time.Duration ttl, CompletableFuture<Void> waiter) {
        writes.add(new PendingWrite(new KvWrite.Put(key, bytes, ttl, version, claim), this, keyName, waiter));
    }

    /** Adds a delete of {@code key} (a key the entity no longer has, or every key of a deleted entity). */
    public void retire(String keyName, String key, CompletableFuture<Void> waiter) {
        writes.add(new PendingWrite(new KvWrite.Delete(key, version, claim), this, keyName, waiter));
    }

    /** Adds an unversioned delete of a key no row justifies (a repair); it carries no claim. */
    public void remove(String key) {
        writes.add(new PendingWrite(KvWrite.Delete.of(key), this, null, null));
    }

    /**
     * Runs {@code callback} (on a worker thread) once the store holds every write of this change, or for each
     * key something that supersedes it (a newer state of the row, another row's later claim); never after a
     * failed attempt (the write stays pending), for a write the queue refused, or for one abandoned at close.
     * A change without writes is settled when it is handed to the dispatcher, on the calling thread. Set
     * before the first write is added.
     */
    public void whenWritten(Runnable callback) {
        this.whenWritten = callback;
    }

    boolean settlesWhenWritten() {
        return whenWritten != null;
    }

    /** One write of this change is settled; the last one runs the callback. */
    void writeSettled() {
        if (unsettled.decrementAndGet() == 0) {
            try {
                whenWritten.run();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                // The callback is the integration's; a failure there must not stop the worker.
                System.getLogger(Loggers.ENGINE).log(System.Logger.Level.ERROR,
                        "a when-written callback of " + entityType.getName() + " failed", e);
            }
        }
    }

    /** The writes, once: afterwards each pending write is referenced by the queue only. */
    List<PendingWrite> takeWrites() {
        List<PendingWrite> taken = writes;
        writes = null;
        if (whenWritten != null) {
            unsettled.set(taken.size());
            if (taken.isEmpty()) {
                whenWritten.run();
            }
        }
        return taken;
    }
}
