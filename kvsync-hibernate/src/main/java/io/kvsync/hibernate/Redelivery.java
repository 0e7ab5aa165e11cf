package io.kvsync.hibernate;

import io.kvsync.api.KvSyncException;
import io.kvsync.api.MarshalException;
import io.kvsync.engine.Change;
import io.kvsync.engine.CommitClock;
import io.kvsync.engine.KvSync;
import org.hibernate.LockMode;
import org.hibernate.StatelessSession;
import org.hibernate.Timeouts;
import org.hibernate.Transaction;
import org.hibernate.dialect.lock.spi.LockTimeoutType;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.query.SelectionQuery;

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
 * each row that still exists is read and put as it is now; a row that is gone needs nothing more, since
 * its delete's record retires its keys. Shared by the outbox relay and by the re-read of changes a full
 * queue refused.
 *
 * <p>A state read back is put as if a new incarnation of the row began at the read: stamped and
 * {@linkplain Change#bornAt born} at a stamp drawn just before the read. A row deleted and inserted again
 * restarts its versions, so two states of the row read at two times could not be ordered by version; by
 * their read stamps they are, and every write of the row stamped before the read is refused over it (its
 * state is in what was read). That holds only if no write stamped before the read is still uncommitted
 * when the row is read: stamps are drawn after a transaction's last statement, which holds the row's lock
 * until the commit, so rows are read under locks: a batch with locks that skip the rows such a transaction
 * holds, then each skipped row alone, waiting for it (see {@link #load}).
 */
final class Redelivery {

    private static final System.Logger LOG = System.getLogger("io.kvsync.hibernate");

    private final SessionFactoryImplementor factory;
    private final KvSync kv;
    /**
     * Whether the database can lock a batch while skipping held rows. Without it (memory delivery runs on any
     * database) a batch lock would wait for held rows while holding the others, which can deadlock with the
     * application's transactions: every row is then read alone, waiting.
     */
    private final boolean skipsLockedRows;

    Redelivery(SessionFactoryImplementor factory, KvSync kv) {
        this.factory = factory;
        this.kv = kv;
        this.skipsLockedRows = factory.getJdbcServices().getDialect().getLockingSupport().getMetadata()
                .getLockTimeoutType(Timeouts.SKIP_LOCKED) == LockTimeoutType.QUERY;
    }

    /**
     * Reads the records' rows and enqueues their changes, each offer waiting at most
     * {@code offerTimeout} for room (the first refusal ends the offering: the queue is full), then waits up
     * to {@code settleTimeout} for the store to take them.
     *
     * @return the records whose every change the store took (or that can never be delivered: an entity that
     *         cannot be marshaled, logged); the others are to be tried again
     */
    Set<ChangeRecord> deliver(List<ChangeRecord> records, Duration offerTimeout,
                              Duration settleTimeout) {
        Map<ChangeRecord.Row, List<ChangeRecord>> byRow = new LinkedHashMap<>();
        records.forEach(record -> byRow.computeIfAbsent(record.row(), row -> new ArrayList<>(1)).add(record));
        Map<ChangeRecord.Row, Read> current = load(byRow.keySet()); // drops from byRow the rows it could not read
        Set<ChangeRecord> settled = ConcurrentHashMap.newKeySet();
        AtomicInteger waiting = new AtomicInteger();
        Object signal = new Object();
        for (Map.Entry<ChangeRecord.Row, List<ChangeRecord>> group : byRow.entrySet()) {
            EntityPersister persister = factory.getMappingMetamodel().getEntityDescriptor(group.getKey().entityName());
            List<Change> changes = changesOf(persister, group.getKey().id(), group.getValue(), current.get(group.getKey()));
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

    /** A row as read back, and the stamp drawn just before the read. */
    private record Read(Object entity, long stamp) {
    }

    /**
     * The rows that still exist. First all of them in one statement per entity that locks them and skips
     * rows a transaction holds ({@code for update skip locked}, in a short transaction of its own: it
     * never waits, so it cannot deadlock with the application's transactions); then each row that did not
     * come back (gone, or held by a transaction that has not committed) alone under a shared lock that
     * waits for that transaction. A row that cannot be read now (a lock wait that timed out, a table that
     * is gone) is left out of {@code rows}, to be tried again later, rather than cost the others their
     * delivery.
     */
    private Map<ChangeRecord.Row, Read> load(Set<ChangeRecord.Row> rows) {
        Map<ChangeRecord.Row, Read> found = new LinkedHashMap<>();
        List<ChangeRecord.Row> unread = new ArrayList<>();
        RuntimeException firstFailure = null;
        try (StatelessSession reader = factory.openStatelessSession()) {
            List<ChangeRecord.Row> missing = new ArrayList<>();
            Map<String, List<ChangeRecord.Row>> byEntity = new LinkedHashMap<>();
            if (skipsLockedRows) {
                rows.forEach(row -> byEntity.computeIfAbsent(row.entityName(), name -> new ArrayList<>()).add(row));
            } else {
                missing.addAll(rows);
            }
            for (Map.Entry<String, List<ChangeRecord.Row>> entity : byEntity.entrySet()) {
                try {
                    readSkippingLocked(reader, entity.getKey(), entity.getValue(), found, missing);
                } catch (RuntimeException e) {
                    missing.addAll(entity.getValue()); // read one by one below, where each failure is its own
                }
            }
            for (ChangeRecord.Row row : missing) {
                try {
                    readWaiting(reader, row, found);
                } catch (RuntimeException e) {
                    unread.add(row);
                    firstFailure = firstFailure == null ? e : firstFailure;
                }
            }
        }
        if (!unread.isEmpty()) {
            rows.removeAll(unread);
            LOG.log(Level.WARNING, "cannot read " + unread.size() + " row(s) back now, the first " + unread.get(0)
                    + "; they are tried again later: " + firstFailure);
        }
        return found;
    }

    private void readSkippingLocked(StatelessSession reader, String entityName, List<ChangeRecord.Row> rows,
                                    Map<ChangeRecord.Row, Read> found, List<ChangeRecord.Row> missing) {
        EntityPersister persister = factory.getMappingMetamodel().getEntityDescriptor(entityName);
        Map<Object, ChangeRecord.Row> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.put(row.id(), row));
        inShortTransaction(reader, () -> {
            long stamp = CommitClock.next(); // before the read: a row that takes these keys after it wins them
            // A query, not getMultiple: Hibernate 7.4's getMultiple renders UPGRADE_SKIPLOCKED as a plain
            // "for update" on MariaDB, whose scan then waits for every uncommitted row it passes.
            SelectionQuery<Object> query = reader.createSelectionQuery("select e from " + entityName
                    + " e where id(e) in :ids", Object.class);
            query.setParameterList("ids", byId.keySet());
            query.setHibernateLockMode(LockMode.PESSIMISTIC_WRITE);
            query.setTimeout(Timeouts.SKIP_LOCKED);
            Map<ChangeRecord.Row, Read> locked = new LinkedHashMap<>();
            for (Object entity : query.getResultList()) {
                ChangeRecord.Row row = byId.get(persister.getIdentifier(entity, (SharedSessionContractImplementor) reader));
                if (row != null) {
                    locked.put(row, new Read(entity, stamp));
                }
            }
            found.putAll(locked);
            rows.stream().filter(row -> !locked.containsKey(row)).forEach(missing::add);
        });
    }

    private static void readWaiting(StatelessSession reader, ChangeRecord.Row row, Map<ChangeRecord.Row, Read> found) {
        inShortTransaction(reader, () -> {
            long stamp = CommitClock.next();
            Object entity = reader.get(row.entityName(), row.id(), LockMode.PESSIMISTIC_READ);
            if (entity != null) {
                found.put(row, new Read(entity, stamp));
            }
        });
    }

    private static void inShortTransaction(StatelessSession reader, Runnable read) {
        Transaction tx = reader.beginTransaction();
        try {
            read.run();
            tx.commit();
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                tx.rollback();
            }
            throw e;
        }
    }

    /** The retirements the records made, and the put of the row as it is now when it exists. */
    private static List<Change> changesOf(EntityPersister persister, Object id, List<ChangeRecord> records, Read row) {
        List<Change> changes = new ArrayList<>(records.size() + 1);
        for (ChangeRecord record : records) {
            if (!record.retiredKeys().isEmpty()) {
                Change retirement = Change.retireKeys(persister.getMappedClass(), record.retiredKeys()).identity(id)
                        .version(record.version()).bornAt(record.born());
                changes.add(record.stamp() > 0 ? retirement.stamp(record.stamp(), record.origin()) : retirement);
            }
        }
        if (row != null) {
            changes.add(EntityVersions.put(persister, row.entity(), id, row.stamp()).bornAt(row.stamp()));
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
