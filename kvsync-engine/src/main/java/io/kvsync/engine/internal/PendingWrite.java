package io.kvsync.engine.internal;

import io.kvsync.spi.KvWrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A write waiting in a lane, with what the reports need to know about it. Mutable state is guarded by
 * the owning lane's lock.
 */
final class PendingWrite {

    final KvWrite write;
    final Class<?> entityType;
    final String keyName;
    final long enqueuedNanos;
    /**
     * For a put of an entity: the entity's keys (the map {@code EntityKeys.of} returned, not a copy) and,
     * when given, the keys of its earlier state; they tell two claimants of one key apart (see
     * {@link KeyClaims}). {@code null} for deletes and writes enqueued by raw key.
     */
    final Map<String, String> claim;
    final Map<String, String> previousClaim;
    /** Attempts so far; incremented when a worker takes the write into a batch. */
    int attempts;
    /** Callers of {@code sync()} waiting for this key; moved to the surviving write when coalesced. */
    private List<CompletableFuture<Void>> waiters;

    PendingWrite(KvWrite write, Class<?> entityType, String keyName, Map<String, String> claim,
                 Map<String, String> previousClaim, long enqueuedNanos, CompletableFuture<Void> waiter) {
        this.write = write;
        this.entityType = entityType;
        this.keyName = keyName;
        this.claim = claim;
        this.previousClaim = previousClaim;
        this.enqueuedNanos = enqueuedNanos;
        if (waiter != null) {
            waiters = new ArrayList<>(1);
            waiters.add(waiter);
        }
    }

    String key() {
        return write.key();
    }

    /** This write stays and {@code other} is dropped: whoever waited for the other now waits for this one. */
    void adoptWaitersOf(PendingWrite other) {
        if (other.waiters != null) {
            if (waiters == null) {
                waiters = new ArrayList<>(other.waiters.size());
            }
            waiters.addAll(other.waiters);
            other.waiters = null;
        }
    }

    /** Whether a caller of {@code sync()} waits for this write. */
    boolean hasWaiters() {
        return waiters != null && !waiters.isEmpty();
    }

    /** Removes and returns the waiters, to be completed outside the lane's lock. */
    List<CompletableFuture<Void>> takeWaiters() {
        List<CompletableFuture<Void>> taken = waiters == null ? List.of() : waiters;
        waiters = null;
        return taken;
    }
}
