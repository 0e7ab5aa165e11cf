package io.kvsync.engine.internal;

import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writes waiting for the store, shared by every worker. The queue holds only the newest pending write
 * per key (coalescing): memory is bounded by distinct dirty keys, not by the number of updates. A worker
 * takes a batch of keys that no other worker is sending (those in {@link #line}), so each key has at most one
 * write in flight and the writes of a key reach the store in the order they were enqueued; a key enqueued
 * again while in flight waits in the queue, merged with the newer write, until its write is acknowledged.
 * A batch that fails stays with the worker that sent it and is sent again after a backoff, each key with
 * its newest write (writes enqueued meanwhile replace the failed ones).
 *
 * <p>Why one queue rather than a queue per worker with keys routed by hash: an entity's keys fell in
 * several lanes, so every commit woke several workers (a futex wake-up each, on the committing thread) and
 * sent several batches (a store round trip each); the engine with a store that does nothing ran slower
 * than the same engine writing to Redis. Here a commit takes one lock and wakes at most one idle worker,
 * and its keys go to the store in one batch.
 */
final class WriteQueue {

    private enum State { RUNNING, DRAINING, ABANDONED }

    private final KvStore store;
    private final Semaphore capacity;
    private final EngineSettings settings;
    private final EngineStats stats;
    private final Reporter reporter;
    /** {@code settings.batchLinger()} in nanoseconds; 0 without a linger. */
    private final long lingerNanos;
    /** {@code settings.batchStreamLinger()} in nanoseconds; 0 when a worker never lingers for a stream. */
    private final long streamLingerNanos;

    private final ReentrantLock lock = new ReentrantLock();
    /** Idle workers wait here for work; one is signalled per wake-up. */
    private final Condition work = lock.newCondition();
    /** A lingering worker waits here for a full batch, a {@code sync()} write, or a state change. */
    private final Condition batchReady = lock.newCondition();
    /** {@link #awaitIdle} waits here for the queue to empty. */
    private final Condition quiet = lock.newCondition();
    /** A worker in its backoff after a failed batch waits here (only a state change cuts it short). */
    private final Condition stateChanged = lock.newCondition();

    /** The newest pending write of every key, sent or not, in the order the keys became pending. */
    private final LinkedHashMap<String, PendingWrite> pending = new LinkedHashMap<>();
    /**
     * The pending writes that no worker is sending, in the order they are to be taken: the entries of
     * {@link #pending} whose keys are in no batch being sent (or sent again after a failure). Kept apart so
     * that taking a batch visits only what it takes: a scan of {@link #pending} that skipped the keys in
     * flight visited every other worker's batch first, under the lock (with four workers and batches of 512,
     * about three entries skipped per entry taken, and the largest cost in the workers' profile).
     */
    private final LinkedHashMap<String, PendingWrite> line = new LinkedHashMap<>();
    /** Batches taken whose outcome is not yet reported (so that awaitIdle includes their reports). */
    private int batchesInFlight;
    private int idleWorkers;
    /** Idle workers signalled and not yet awake: more wake-ups would only wake workers with nothing to take. */
    private int signalled;
    private int lingering;
    /** A write that a caller of sync() waits for is pending: write it without lingering. */
    private boolean urgent;
    /** Claims that {@link #merge} dropped for another entity's, to be reported once the lock is released. */
    private List<KeyClaims.Conflict> conflicts;
    private State state = State.RUNNING;

    WriteQueue(KvStore store, Semaphore capacity, EngineSettings settings, EngineStats stats, Reporter reporter) {
        this.store = store;
        this.capacity = capacity;
        this.settings = settings;
        this.stats = stats;
        this.reporter = reporter;
        this.lingerNanos = settings.batchLinger().toNanos();
        this.streamLingerNanos = settings.batchStreamLinger().toNanos();
    }

    /**
     * Adds the writes of one change, each replacing a pending write of the same key. A new key takes a unit
     * of capacity; when none is free at once, the write waits up to {@code timeoutNanos}. One lock
     * acquisition and at most one wake-up serve the common case.
     *
     * @return the writes that found no capacity in time (empty in the common case)
     */
    List<PendingWrite> offer(List<PendingWrite> writes, long timeoutNanos) {
        List<PendingWrite> waiting = null;
        List<KeyClaims.Conflict> conflicted;
        lock.lock();
        try {
            boolean waited = false;
            for (PendingWrite write : writes) {
                waited |= write.hasWaiters();
                if (!admitWithoutWaiting(write)) {
                    if (waiting == null) {
                        waiting = new ArrayList<>(writes.size());
                    }
                    waiting.add(write);
                }
            }
            wakeWorker(waited);
            conflicted = takeConflicts();
        } finally {
            lock.unlock();
        }
        KeyClaims.report(conflicted, stats, reporter);
        if (waiting == null) {
            return List.of();
        }
        List<PendingWrite> refused = new ArrayList<>();
        boolean interrupted = false;
        for (PendingWrite write : waiting) {
            try {
                // Once interrupted, the writes still waiting are refused; those admitted stay admitted.
                if (interrupted || !offerWaiting(write, timeoutNanos)) {
                    refused.add(write);
                }
            } catch (InterruptedException e) {
                interrupted = true;
                refused.add(write);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            conflicted = takeConflicts();
        } finally {
            lock.unlock();
        }
        KeyClaims.report(conflicted, stats, reporter);
        return refused;
    }

    /** Caller holds the lock; the conflicts are reported after it is released (the callback is user code). */
    private List<KeyClaims.Conflict> takeConflicts() {
        List<KeyClaims.Conflict> taken = conflicts;
        conflicts = null;
        return taken;
    }

    /** Pending writes no worker is sending: what a worker could take now. Caller holds the lock. */
    private int takeable() {
        return line.size();
    }

    /**
     * Wakes a worker when one can take something: an idle one, unless one is already signalled or another
     * lingers for a fuller batch (which then wakes only for a full batch or a write a {@code sync()} caller
     * waits for). Signalling only then spares the committing thread a wake-up call per write while the
     * workers are busy. With a linger, a worker sending a batch lingers next, so while one is in flight a
     * write wakes nobody either, unless a batch's worth waits, a {@code sync()} caller does, or the first
     * write in line has waited longer than the linger. Caller holds the lock.
     */
    private void wakeWorker(boolean waited) {
        urgent |= waited;
        boolean ready = urgent || takeable() >= settings.batchSize();
        if (lingering > 0) {
            if (ready) {
                batchReady.signalAll();
            }
            return;
        }
        if (lingerNanos > 0 && !ready && batchesInFlight > 0 && !lineWaitedPastLinger()) {
            return;
        }
        wakeIdleWorker();
    }

    /** Signals an idle worker when there is something to take and none is signalled yet. Caller holds the lock. */
    private void wakeIdleWorker() {
        if (idleWorkers > signalled && takeable() > 0) {
            signalled++;
            work.signal();
        }
    }

    /**
     * Whether the first write in line (by its newest change, when merged) has waited longer than the linger.
     * Caller holds the lock.
     */
    private boolean lineWaitedPastLinger() {
        return line.isEmpty()
                || System.nanoTime() - line.values().iterator().next().change.enqueuedNanos > lingerNanos;
    }

    /** Merges into a pending write of the key, or takes free capacity; caller holds the lock. */
    private boolean admitWithoutWaiting(PendingWrite write) {
        PendingWrite older = pending.get(write.key());
        if (older != null) {
            merge(older, write);
            return true;
        }
        if (!capacity.tryAcquire()) {
            return false;
        }
        pending.put(write.key(), write);
        line.put(write.key(), write);
        stats.pendingAdded();
        stats.enqueued.increment();
        return true;
    }

    /** The slow path: the queue is full, so wait (without the lock) for capacity, then add. */
    private boolean offerWaiting(PendingWrite write, long timeoutNanos) throws InterruptedException {
        if (!capacity.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
            lock.lock();
            try {
                // A write of the same key may have become pending meanwhile; then there is room after all.
                PendingWrite older = pending.get(write.key());
                if (older == null) {
                    return false;
                }
                merge(older, write);
                return true;
            } finally {
                lock.unlock();
            }
        }
        lock.lock();
        try {
            PendingWrite older = pending.get(write.key());
            if (older != null) {
                // The key became pending while we waited for capacity: it needs no second unit.
                capacity.release();
                merge(older, write);
            } else {
                pending.put(write.key(), write);
                line.put(write.key(), write);
                stats.pendingAdded();
                stats.enqueued.increment();
            }
            wakeWorker(write.hasWaiters());
        } finally {
            lock.unlock();
        }
        return true;
    }

    /**
     * Keeps one of two pending writes of a key, by the rule the store applies ({@link KvWrite#admit}), with
     * the older taken for what the store holds: normally the newer, but never one that the store would
     * refuse over the other (after-commit callbacks of two transactions may arrive out of commit order; the
     * version orders two states of one row, the commit stamp two rows' claims). When they are puts of two
     * different entities, the dropped one is kept aside to be reported as a conflict. Caller holds the lock.
     */
    private void merge(PendingWrite older, PendingWrite newer) {
        stats.enqueued.increment();
        stats.coalesced.increment();
        long born = newer.write.admit(older.held());
        boolean newerKept = born != KvWrite.REFUSED;
        PendingWrite kept = newerKept ? newer : older;
        PendingWrite dropped = newerKept ? older : newer;
        if (newerKept) {
            // What the store would give the newer write after the older: without it, a row taking the key
            // from the dropped owner could meet its own earlier incarnation's entry and be refused.
            newer.raiseBorn(born);
        }
        kept.keepIncarnationOf(dropped);
        kept.adoptSettlesOf(dropped);
        if (KeyClaims.fromDifferentEntities(older, newer)) {
            conflicts = KeyClaims.add(conflicts, kept, dropped, newerKept);
        } else {
            kept.adoptWaitersOf(dropped);
        }
        if (newerKept) {
            pending.put(newer.key(), newer); // keeps the key's place
            line.replace(newer.key(), newer); // likewise, unless the key is being sent: then it waits for that
        }
    }

    /** How long the first write in line (sent or not) has waited, in nanoseconds; {@code 0} when none waits. */
    long oldestPendingNanos() {
        lock.lock();
        try {
            java.util.Iterator<PendingWrite> first = pending.values().iterator();
            return first.hasNext() ? Math.max(0, System.nanoTime() - first.next().change.enqueuedNanos) : 0;
        } finally {
            lock.unlock();
        }
    }

    /** A worker's loop: takes batches and writes them until the queue is drained after close, or abandoned. */
    void work() {
        Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());
        List<KvWrite> writes = new ArrayList<>();
        UncertainHandovers uncertain = new UncertainHandovers(settings.clockSkewMicros());
        Pace pace = new Pace();
        List<PendingWrite> batch = nextBatch(writes, false, pace);
        while (batch != null) {
            boolean timed = reporter.timesStoreWrites();
            long started = timed ? System.nanoTime() : 0;
            try {
                store.write(writes, uncertain);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                stats.storeFailed();
                if (timed) {
                    reporter.storeWrote(writes.size(), System.nanoTime() - started, e);
                }
                uncertain.reportFor(batch, stats, reporter);
                failed(batch, e);
                if (!pause(backoff.nextDelayNanos())) {
                    return;
                }
                batch = retryBatch(batch, writes);
                continue;
            }
            stats.storeSucceeded();
            if (timed) {
                reporter.storeWrote(writes.size(), System.nanoTime() - started, null);
            }
            backoff.reset();
            uncertain.reportFor(batch, stats, reporter);
            succeeded(batch);
            batch = nextBatch(writes, true, pace);
        }
    }

    /**
     * Waits for work and takes a batch of keys no other worker is sending; returns {@code null} when the queue
     * is drained after close, or abandoned. Fills {@code writes} (cleared first) with what the batch sends,
     * taken under the lock because a merge may still raise a pending write's claim.
     *
     * @param justSent whether this worker has just written a batch: then it lingers for a fuller one first
     */
    private List<PendingWrite> nextBatch(List<KvWrite> writes, boolean justSent, Pace pace) {
        writes.clear();
        lock.lock();
        try {
            if (justSent) {
                linger(lingerNanos > 0 ? lingerNanos : pace.streaming ? streamLingerNanos : 0);
            }
            boolean waited = false;
            long idleSince = 0;
            while (true) {
                if (state == State.ABANDONED) {
                    return null;
                }
                if (takeable() > 0) {
                    break;
                }
                if (state == State.DRAINING) {
                    return null; // what others send is theirs to finish, a retry included
                }
                idleWorkers++;
                if (!waited) {
                    waited = true;
                    idleSince = System.nanoTime();
                }
                try {
                    work.awaitUninterruptibly();
                } finally {
                    idleWorkers--;
                    if (signalled > 0) {
                        signalled--;
                    }
                }
            }
            if (waited) {
                pace.streaming = System.nanoTime() - idleSince < streamLingerNanos;
            }
            List<PendingWrite> batch = new ArrayList<>(Math.min(takeable(), settings.batchSize()));
            Iterator<PendingWrite> it = line.values().iterator();
            while (it.hasNext() && batch.size() < settings.batchSize()) {
                PendingWrite write = it.next();
                it.remove();
                take(write, batch, writes);
            }
            // A sync() write left for the next batch keeps that batch from lingering too.
            urgent &= takeable() > 0;
            batchesInFlight++;
            wakeIdleWorker(); // more than one batch's worth: another worker takes the rest
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether writes stream in to a worker: its last wait for work ended within the stream linger. Then, without
     * a configured linger, it lingers that long after its next batch instead of parking, since parking would
     * only have it woken by the very next write: a wake-up for the committing thread and a park for the worker
     * per batch of a write or two, which a profile of the engine alone showed to be nearly half of its CPU. A wait
     * that lasted longer ends the streaming, so a write after a pause goes at once, as without the setting.
     */
    private static final class Pace {
        boolean streaming;
    }

    /**
     * The batch sent again after a failure and its backoff: the same keys, each with its newest pending
     * write. {@code null} when the queue was abandoned meanwhile.
     */
    private List<PendingWrite> retryBatch(List<PendingWrite> failed, List<KvWrite> writes) {
        writes.clear();
        lock.lock();
        try {
            if (state == State.ABANDONED) {
                return null;
            }
            List<PendingWrite> batch = new ArrayList<>(failed.size());
            for (PendingWrite old : failed) {
                PendingWrite newest = pending.get(old.key());
                if (newest != null) { // always, short of an abandon: a key being sent stays pending
                    take(newest, batch, writes);
                }
            }
            batchesInFlight++;
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code write} to the batch being built; caller holds the lock and has taken it out of the line. */
    private void take(PendingWrite write, List<PendingWrite> batch, List<KvWrite> writes) {
        if (write.attempts++ > 0) {
            stats.retried.increment();
        }
        batch.add(write);
        write.sent = write.write;
        writes.add(write.write);
    }

    /**
     * Waits up to the linger for a batch to fill, after this worker has sent one, so that a stream of commits
     * shares store calls instead of paying a round trip (and the wake-ups of three threads) each. While a
     * worker lingers, no commit wakes a worker (see {@link #wakeWorker}): the committing threads of a steady
     * stream then wake nobody, and the lingering worker takes what came when its wait ends. A write that
     * finds every worker idle goes at once: the linger adds no lag to a lone commit. {@code nanos}: the configured
     * linger, or the stream linger while writes stream in ({@link Pace}), or 0. Caller holds the lock.
     */
    private void linger(long nanos) {
        long remaining = nanos;
        if (remaining <= 0) {
            return;
        }
        lingering++;
        try {
            while (remaining > 0 && !urgent && state == State.RUNNING && takeable() < settings.batchSize()) {
                remaining = batchReady.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lingering--;
        }
    }

    private void succeeded(List<PendingWrite> batch) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        List<EntityChange> settled = null;
        boolean abandoned;
        lock.lock();
        try {
            abandoned = state == State.ABANDONED;
            int removed = 0;
            for (PendingWrite write : batch) {
                // Only if nothing newer arrived meanwhile (a newer write, or a raised claim of this one,
                // must still be written: it joins the line, at its end).
                PendingWrite newest = pending.get(write.key());
                if (newest != write || write.write != write.sent) {
                    if (newest != null) { // null only once abandoned
                        line.put(write.key(), newest);
                    }
                } else {
                    pending.remove(write.key());
                    removed++;
                    // Settled only by the write that is not sent again: a resent one settles when it lands.
                    List<EntityChange> changes = write.takeSettles();
                    if (!changes.isEmpty()) {
                        if (settled == null) {
                            settled = new ArrayList<>(changes.size());
                        }
                        settled.addAll(changes);
                    }
                }
                done.addAll(write.takeWaiters());
            }
            capacity.release(removed);
            stats.pendingRemoved(removed);
        } finally {
            lock.unlock();
        }
        stats.written.add(batch.size());
        // A batch that outlived the shutdown timeout was already reported as not written, once per key;
        // the store acknowledging it afterwards does not earn a second, contradicting report.
        if (!abandoned) {
            long now = System.nanoTime();
            batch.forEach(w -> reporter.report(w, null, now));
        }
        done.forEach(f -> f.complete(null));
        if (settled != null && !abandoned) {
            settled.forEach(EntityChange::writeSettled);
        }
        batchDone(false);
    }

    private void failed(List<PendingWrite> batch, Throwable error) {
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        boolean abandoned;
        lock.lock();
        try {
            abandoned = state == State.ABANDONED;
            batch.forEach(w -> waiting.addAll(w.takeWaiters()));
        } finally {
            lock.unlock();
        }
        stats.failed.add(batch.size());
        if (!abandoned) { // else already reported as not written (see succeeded)
            long now = System.nanoTime();
            batch.forEach(w -> reporter.report(w, error, now));
        }
        // sync() callers learn of the failure now; their writes stay pending and are retried.
        waiting.forEach(f -> f.completeExceptionally(error));
        batchDone(true);
    }

    /**
     * The batch counts as in flight until its reports are delivered, so awaitIdle() includes them; a failed
     * one hands the writes that waited for it to an idle worker.
     */
    private void batchDone(boolean failed) {
        lock.lock();
        try {
            batchesInFlight--;
            quiet.signalAll();
            if (failed && lingering == 0) {
                // With a linger, writes made while this batch was in flight woke no one: they waited for this
                // worker, which now backs off and retries its own batch. Another worker takes them instead.
                wakeIdleWorker();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps before a retry; returns {@code false} when the queue was abandoned meanwhile. */
    private boolean pause(long nanos) {
        lock.lock();
        try {
            long remaining = nanos;
            while (remaining > 0 && state != State.ABANDONED) {
                remaining = stateChanged.awaitNanos(remaining);
            }
            return state != State.ABANDONED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing is pending or in flight; {@code false} if the deadline passed first. */
    boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (!pending.isEmpty() || batchesInFlight > 0) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                quiet.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Stops taking new work once the pending writes are written. */
    void drain() {
        setState(State.DRAINING);
    }

    /**
     * Gives up: the workers stop after their current store call, {@code sync()} callers still waiting
     * fail with {@code cause}, and the writes still pending are returned so they can be reported.
     */
    List<PendingWrite> abandon(Throwable cause) {
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        List<PendingWrite> left;
        lock.lock();
        try {
            setState(State.ABANDONED);
            left = new ArrayList<>(pending.values());
            left.forEach(w -> waiting.addAll(w.takeWaiters()));
            capacity.release(left.size());
            stats.pendingRemoved(left.size());
            pending.clear();
            line.clear();
        } finally {
            lock.unlock();
        }
        waiting.forEach(f -> f.completeExceptionally(cause));
        return left;
    }

    private void setState(State next) {
        lock.lock();
        try {
            state = next;
            work.signalAll();
            batchReady.signalAll();
            stateChanged.signalAll();
            quiet.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
