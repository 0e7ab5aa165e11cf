package io.kvsync.engine.internal;

import io.kvsync.spi.KvWrite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One key's write of an {@link EntityChange}, waiting in the {@link WriteQueue}. Mutable state is guarded
 * by the queue's lock.
 */
final class PendingWrite {

    /** The write; its claim's incarnation stamp may be raised by a merge, under the queue's lock. */
    KvWrite write;
    /** What the worker last took into a batch; when it differs from {@link #write}, the write is sent again. */
    KvWrite sent;
    final EntityChange change;
    /** The key name in the entity's {@code syncKeys()}; {@code null} for a key removed by raw key. */
    final String keyName;
    /** Attempts so far; incremented when a worker takes the write into a batch. */
    int attempts;
    /** Callers of {@code sync()} waiting for this key; moved to the surviving write when coalesced. */
    private List<CompletableFuture<Void>> waiters;
    /**
     * The changes that count this key as theirs until the store has it ({@link EntityChange#whenWritten}):
     * unlike waiters, not told of a failed attempt (the write stays pending), and moved to the surviving
     * write when coalesced, whatever entity it belongs to (the store holding a later claim settles it too).
     */
    private List<EntityChange> settles;

    PendingWrite(KvWrite write, EntityChange change, String keyName, CompletableFuture<Void> waiter) {
        this.write = write;
        this.change = change;
        this.keyName = keyName;
        if (waiter != null) {
            waiters = new ArrayList<>(1);
            waiters.add(waiter);
        }
        if (change.settlesWhenWritten()) {
            settles = new ArrayList<>(1);
            settles.add(change);
        }
    }

    String key() {
        return write.key();
    }

    Class<?> entityType() {
        return change.entityType;
    }

    /** The keys this write claims for its entity: its entity's keys for a put, {@code null} for a delete. */
    Map<String, String> claim() {
        return write instanceof KvWrite.Put ? change.keys : null;
    }

    /** This write as what the store would hold after it, for {@link KvWrite#admit}. */
    KvWrite.Held held() {
        return new KvWrite.Held(write.version(), write instanceof KvWrite.Delete && write.versioned(), write.claim());
    }

    /** Raises this write's {@link KvWrite.Claim#born()} to {@code born} (never past its stamp). */
    void raiseBorn(long born) {
        KvWrite.Claim mine = write.claim();
        if (mine == null || born <= mine.born() || born > mine.stamp()) {
            return;
        }
        KvWrite.Claim raised = mine.bornAt(born);
        write = write instanceof KvWrite.Put put ? put.withClaim(raised) : ((KvWrite.Delete) write).withClaim(raised);
    }

    /**
     * This write stays and {@code dropped}, a state of the same row, goes: keeps the birth of the row's
     * incarnation that the dropped write knew (an insert coalesced into a later update must still tell the
     * store that a new row began, or the old row's tombstone would keep fencing it).
     */
    void keepIncarnationOf(PendingWrite dropped) {
        KvWrite.Claim mine = write.claim();
        KvWrite.Claim theirs = dropped.write.claim();
        if (mine != null && theirs != null && mine.owner().equals(theirs.owner())) {
            raiseBorn(theirs.born());
        }
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

    /**
     * This write stays and {@code other} is dropped for good (coalesced into it, or a claim that lost the
     * key to it): the changes that counted on the other settle when this one is written.
     */
    void adoptSettlesOf(PendingWrite other) {
        if (other.settles != null) {
            if (settles == null) {
                settles = new ArrayList<>(other.settles.size());
            }
            settles.addAll(other.settles);
            other.settles = null;
        }
    }

    /** Removes and returns the changes this write settles, to be told outside the queue's lock. */
    List<EntityChange> takeSettles() {
        List<EntityChange> taken = settles == null ? List.of() : settles;
        settles = null;
        return taken;
    }

    /** Whether a caller of {@code sync()} waits for this write. */
    boolean hasWaiters() {
        return waiters != null && !waiters.isEmpty();
    }

    /** Removes and returns the waiters, to be completed outside the queue's lock. */
    List<CompletableFuture<Void>> takeWaiters() {
        List<CompletableFuture<Void>> taken = waiters == null ? List.of() : waiters;
        waiters = null;
        return taken;
    }
}
