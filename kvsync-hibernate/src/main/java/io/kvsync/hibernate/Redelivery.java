package io.kvsync.hibernate;

import io.kvsync.api.KvSyncException;
import io.kvsync.api.MarshalException;
import io.kvsync.engine.Change;
import io.kvsync.engine.CommitClock;
import io.kvsync.engine.KvSync;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers recorded changes ({@link ChangeRecord}) again, from the database rather than from their objects:
 * each retired key is deleted as its commit deleted it (same version and stamp, so fenced the same), and
 * each row that still exists is read and put as it is now, stamped just before the read (like a resync);
 * a row that is gone needs nothing more, since its delete's record retires its keys. Shared by the outbox
 * relay and by the re-read of changes a full queue refused.
 */
final class Redelivery {

    private static final System.Logger LOG = System.getLogger("io.kvsync.hibernate");

    private final SessionFactoryImplementor factory;
    private final KvSync kv;

    Redelivery(SessionFactoryImplementor factory, KvSync kv) {
        this.factory = factory;
        this.kv = kv;
    }

    /**
     * Reads the records' rows through {@code session} and enqueues their changes, each offer waiting at most
     * {@code offerTimeout} for room (the first refusal ends the offering: the queue is full), then waits up
     * to {@code settleTimeout} for the store to take them.
     *
     * @return the records whose every change the store took (or that can never be delivered: an entity that
     *         cannot be marshaled, logged); the others are to be tried again
     */
    Set<ChangeRecord> deliver(StatelessSession session, List<ChangeRecord> records, Duration offerTimeout,
                              Duration settleTimeout) {
        Map<ChangeRecord.Row, List<ChangeRecord>> byRow = new LinkedHashMap<>();
        records.forEach(record -> byRow.computeIfAbsent(record.row(), row -> new ArrayList<>(1)).add(record));
        long readStamp = CommitClock.next(); // before the read: a row that takes these keys after it wins them
        Map<ChangeRecord.Row, Object> current = load(session, byRow.keySet());
        Set<ChangeRecord> settled = ConcurrentHashMap.newKeySet();
        AtomicInteger waiting = new AtomicInteger();
        Object signal = new Object();
        for (Map.Entry<ChangeRecord.Row, List<ChangeRecord>> group : byRow.entrySet()) {
            EntityPersister persister = factory.getMappingMetamodel().getEntityDescriptor(group.getKey().entityName());
            List<Change> changes = changesOf(persister, group.getKey().id(), group.getValue(), current.get(group.getKey()),
                    readStamp);
            if (changes.isEmpty()) {
                settled.addAll(group.getValue());
                continue;
            }
            AtomicInteger left = new AtomicInteger(changes.size());
            Runnable oneWritten = () -> {
                if (left.decrementAndGet() == 0) {
                    settled.addAll(group.getValue());
                    synchronized (signal) {
                        waiting.decrementAndGet();
                        signal.notifyAll();
                    }
                }
            };
            waiting.incrementAndGet();
            if (!offer(changes, oneWritten, offerTimeout, group.getKey())) {
                waiting.decrementAndGet(); // a refused write never settles: this row waits for the next pass
                break; // the queue is full: so do the rows after it
            }
        }
        await(waiting, signal, settleTimeout);
        return settled;
    }

    /** The rows that still exist, by row; read in one statement per entity. */
    private Map<ChangeRecord.Row, Object> load(StatelessSession session, Set<ChangeRecord.Row> rows) {
        Map<String, List<Object>> idsByEntity = new LinkedHashMap<>();
        rows.forEach(row -> idsByEntity.computeIfAbsent(row.entityName(), name -> new ArrayList<>()).add(row.id()));
        Map<ChangeRecord.Row, Object> found = new LinkedHashMap<>();
        idsByEntity.forEach((entityName, ids) -> {
            EntityPersister persister = factory.getMappingMetamodel().getEntityDescriptor(entityName);
            List<?> entities = session.getMultiple(persister.getMappedClass(), ids);
            for (int i = 0; i < ids.size(); i++) {
                if (entities.get(i) != null) {
                    found.put(new ChangeRecord.Row(entityName, ids.get(i)), entities.get(i));
                }
            }
        });
        return found;
    }

    /** The retirements the records made, and the put of the row as it is now when it exists. */
    private static List<Change> changesOf(EntityPersister persister, Object id, List<ChangeRecord> records, Object row,
                                          long readStamp) {
        List<Change> changes = new ArrayList<>(records.size() + 1);
        long born = 0;
        for (ChangeRecord record : records) {
            born = Math.max(born, record.born());
            if (!record.retiredKeys().isEmpty()) {
                Change retirement = Change.retireKeys(persister.getMappedClass(), record.retiredKeys()).identity(id)
                        .version(record.version()).bornAt(record.born());
                changes.add(record.stamp() > 0 ? retirement.stamp(record.stamp(), record.origin()) : retirement);
            }
        }
        if (row != null) {
            // Its own incarnation's birth, when a record knew it: without it a row inserted again could not take
            // back a key its earlier incarnation retired at a higher version.
            changes.add(EntityVersions.put(persister, row, id, readStamp).bornAt(born));
        }
        return changes;
    }

    /** Offers a row's changes; {@code false} when the queue had no room for one of them. */
    private boolean offer(List<Change> changes, Runnable oneWritten, Duration offerTimeout, ChangeRecord.Row row) {
        for (Change change : changes) {
            change.whenWritten(oneWritten);
            try {
                if (!kv.offer(change, offerTimeout)) {
                    return false;
                }
            } catch (MarshalException e) {
                // It can never be written; the engine reported it. Counted as done, so that it is not read forever.
                LOG.log(Level.ERROR, "cannot redeliver " + row.entityName() + "#" + row.id() + ": " + e.getMessage());
                oneWritten.run();
            } catch (KvSyncException e) {
                LOG.log(Level.WARNING, "cannot redeliver " + row.entityName() + "#" + row.id() + " now: " + e.getMessage());
                return false;
            }
        }
        return true;
    }

    private static void await(AtomicInteger waiting, Object signal, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (signal) {
            long remaining;
            while (waiting.get() > 0 && (remaining = deadline - System.nanoTime()) > 0) {
                try {
                    signal.wait(Math.max(1, remaining / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
