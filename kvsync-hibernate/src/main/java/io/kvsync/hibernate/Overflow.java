package io.kvsync.hibernate;

import io.kvsync.api.KvSyncOverflowException;
import io.kvsync.api.SyncOperation;
import io.kvsync.api.SyncReport;
import io.kvsync.engine.KvSync;
import org.hibernate.engine.spi.SessionFactoryImplementor;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * With memory delivery, the changes a full queue refused: remembered (row, retired keys, version and stamp,
 * not the state) up to {@code kvsync.hibernate.overflow-capacity}, and delivered again from the database by
 * a background thread once the queue has room ({@link Redelivery}), so that a commit never waits on the
 * queue and a store outage costs no change. When even this memory is full, the entity type is marked, and
 * once every remembered change is delivered and the queue is empty, the type is reconciled (every row
 * compared with the store and repaired). Changes still remembered when the process dies are lost: that is
 * what the outbox is for.
 */
final class Overflow implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.kvsync.hibernate");

    private final SessionFactoryImplementor factory;
    private final KvSync kv;
    private final DeliverySettings settings;
    private final Redelivery redelivery;
    private final ArrayDeque<ChangeRecord> remembered = new ArrayDeque<>();
    /** Entity names that lost changes to a full memory: reconciled when the store has caught up. */
    private final Set<String> toReconcile = new LinkedHashSet<>();
    private final int queueCapacity;
    /** How many of the remembered changes the thread is delivering now (taken out of {@link #remembered}). */
    private int delivering;
    private Thread thread;
    private volatile boolean closed;

    Overflow(SessionFactoryImplementor factory, KvSync kv, DeliverySettings settings) {
        this.factory = factory;
        this.kv = kv;
        this.settings = settings;
        this.redelivery = new Redelivery(factory, kv);
        this.queueCapacity = kv.config().getInt("kvsync.queue.capacity", 100_000);
    }

    /**
     * Keeps a change the queue refused; past the capacity, marks its entity type for a reconcile and reports
     * that through the callback, outside this object's lock (the callback is user code).
     */
    void remember(ChangeRecord record) {
        if (markedForReconcile(record)) {
            // The reporter logs it (a failed report is logged).
            kv.report(new SyncReport(record.operation() == ChangeRecord.DELETE ? SyncOperation.DELETE : SyncOperation.PUT,
                    factory.getMappingMetamodel().getEntityDescriptor(record.entityName()).getMappedClass(), null,
                    KvSyncOverflowException.EVERY_KEY, new KvSyncOverflowException("the queue is full and "
                    + settings.overflowCapacity() + " refused changes are already remembered ("
                    + DeliverySettings.OVERFLOW_CAPACITY + "); " + record.entityName() + "#" + record.id()
                    + " was refused too, and " + record.entityName() + " will be reconciled with the database once "
                    + "the store has caught up"), Duration.ZERO, 1));
        }
    }

    /** Remembers the change, or marks its type; {@code true} when the type was marked just now. */
    private synchronized boolean markedForReconcile(ChangeRecord record) {
        boolean marked = false;
        if (remembered.size() < settings.overflowCapacity()) {
            remembered.add(record);
        } else {
            marked = toReconcile.add(record.entityName());
        }
        if (thread == null && !closed) {
            thread = new Thread(this::loop, "kvsync-overflow");
            thread.setDaemon(true);
            thread.start();
        }
        return marked;
    }

    /** The changes remembered now, counting those being delivered. */
    synchronized int size() {
        return remembered.size() + delivering;
    }

    private void loop() {
        while (running()) {
            List<ChangeRecord> batch = next();
            if (batch == null) {
                continue;
            }
            if (batch.isEmpty()) {
                reconcileMarked();
                continue;
            }
            List<ChangeRecord> undelivered = new ArrayList<>(batch);
            try {
                undelivered.removeAll(redelivery.deliver(batch, Duration.ofMillis(100), settings.relayTimeout()));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cannot read " + batch.size() + " refused change(s) back from the database now; "
                        + "tried again in " + settings.pollInterval() + ": " + e.getMessage());
            }
            putBack(undelivered);
            if (!undelivered.isEmpty()) {
                pause(settings.pollInterval()); // the queue is still full, or the database away
            }
        }
    }

    /**
     * The next batch to deliver; empty when none is remembered but types wait for a reconcile and the queue is
     * empty; {@code null} after waiting when there is nothing to do.
     */
    private synchronized List<ChangeRecord> next() {
        if (remembered.isEmpty()) {
            if (!toReconcile.isEmpty() && kv.stats().pending() == 0) {
                return List.of();
            }
            waitQuietly(settings.pollInterval());
            return null;
        }
        if (kv.stats().pending() >= queueCapacity / 2) {
            waitQuietly(settings.pollInterval()); // no room yet: offers would only be refused again
            return null;
        }
        List<ChangeRecord> batch = new ArrayList<>(Math.min(remembered.size(), settings.batchSize()));
        while (batch.size() < settings.batchSize() && !remembered.isEmpty()) {
            batch.add(remembered.poll());
        }
        delivering = batch.size();
        return batch;
    }

    private synchronized void putBack(List<ChangeRecord> undelivered) {
        delivering = 0;
        for (int i = undelivered.size() - 1; i >= 0; i--) {
            remembered.addFirst(undelivered.get(i));
        }
    }

    private void reconcileMarked() {
        List<String> names;
        synchronized (this) {
            names = new ArrayList<>(toReconcile);
            toReconcile.clear();
        }
        for (String name : names) {
            Class<?> type = factory.getMappingMetamodel().getEntityDescriptor(name).getMappedClass();
            try {
                ReconcileResult result = KvSyncHibernate.reconcile(factory, kv, type, ReconcileOptions.defaults());
                LOG.log(Level.INFO, "reconciled " + name + " after changes were refused by a full queue: " + result);
            } catch (RuntimeException e) {
                synchronized (this) {
                    toReconcile.add(name);
                }
                LOG.log(Level.WARNING, "cannot reconcile " + name + " now (tried again later): " + e.getMessage());
                pause(settings.pollInterval());
            }
        }
    }

    private boolean running() {
        return !closed && !kv.isClosed() && factory.isOpen();
    }

    private synchronized void pause(Duration duration) {
        waitQuietly(duration);
    }

    /** Caller holds the monitor. */
    private void waitQuietly(Duration duration) {
        try {
            wait(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            notifyAll();
            running = thread;
        }
        if (running != null && running != Thread.currentThread()) {
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
