package io.kvsync.hibernate;

import io.kvsync.api.KvSyncException;
import io.kvsync.engine.Change;
import io.kvsync.engine.CommitClock;
import io.kvsync.engine.KvSync;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns a committed Hibernate change into engine calls. Runs after the commit, so it never throws:
 * the transaction is already durable and the application must not see a failure it cannot undo.
 * Failures are logged and, for marshaling, reported by the engine through the report callback. It never
 * waits on a full queue longer than {@code kvsync.hibernate.offer-timeout} (default 0): a refused change
 * is delivered later, by the outbox relay or by the {@link Overflow} re-read.
 */
final class Replicator {

    private static final System.Logger LOG = System.getLogger("io.kvsync.hibernate");

    private final KvSync kv;
    private final TransactionStamps stamps;
    private final Duration offerTimeout;
    /** The outbox whose rows the changes acknowledge; {@code null} with memory delivery. */
    private final Outbox outbox;
    /** Where changes the queue refused wait to be read again (memory delivery); {@code null} with the outbox. */
    private final Overflow overflow;

    /**
     * {@code stamps}: where the births of the rows this process inserted are remembered; {@code offerTimeout}:
     * the most a committing thread waits for room in the queue; then a refused change is left to the
     * {@code outbox} relay, or remembered by the {@code overflow} (exactly one of the two is given).
     */
    Replicator(KvSync kv, TransactionStamps stamps, Duration offerTimeout, Outbox outbox, Overflow overflow) {
        this.kv = kv;
        this.stamps = stamps;
        this.offerTimeout = offerTimeout;
        this.outbox = outbox;
        this.overflow = overflow;
    }

    /** The birth of the row's current incarnation, when this process inserted it; else 0. */
    private long bornOf(EntityPersister persister, Object id) {
        return stamps.bornOf(persister.getEntityName(), id);
    }

    KvSync kv() {
        return kv;
    }

    /** {@code stamped}: the change's commit stamp ({@code 0}: the engine draws one) and outbox row. */
    void inserted(Object entity, Object id, EntityPersister persister, TransactionStamps.Stamped stamped) {
        run(persister, id, stamped, ChangeRecord.INSERT, EntityVersions.of(persister, entity), Map::of,
                () -> EntityVersions.insert(persister, entity, id, stamped.stamp()));
    }

    /** An upsert: the row may or may not have existed, so its state is put as a new incarnation's. */
    void upserted(Object entity, Object id, EntityPersister persister, TransactionStamps.Stamped stamped) {
        inserted(entity, id, persister, stamped);
    }

    void updated(Object entity, Object id, Object[] oldState, EntityPersister persister,
                 SharedSessionContractImplementor session, TransactionStamps.Stamped stamped) {
        Map<String, String> previous = EntityKeySnapshots.keysOf(persister, id, oldState, session);
        run(persister, id, stamped, ChangeRecord.UPDATE, EntityVersions.of(persister, entity),
                () -> OutboxDrafts.update(persister, entity, id, oldState, session).retiredKeys(),
                () -> EntityVersions.put(persister, entity, id, stamped.stamp()).bornAt(bornOf(persister, id))
                        .previousKeys(previous));
    }

    void deleted(Object entity, Object id, Object[] deletedState, EntityPersister persister,
                 SharedSessionContractImplementor session, TransactionStamps.Stamped stamped) {
        // Also the keys of the state that was in the database, in case the object changed before remove().
        Map<String, String> previous = EntityKeySnapshots.keysOf(persister, id, deletedState, session);
        run(persister, id, stamped, ChangeRecord.DELETE, EntityVersions.of(persister, entity), () -> OutboxDrafts.delete(persister, entity, id, deletedState,
                        session).retiredKeys(),
                () -> EntityVersions.delete(persister, entity, id, stamped.stamp()).bornAt(bornOf(persister, id))
                        .previousKeys(previous));
    }

    /**
     * Hands the change to the engine, waiting at most the offer timeout for room. What the queue refuses is
     * not lost: with the outbox its row stays for the relay, without it the row is remembered to be read again.
     */
    private void run(EntityPersister persister, Object id, TransactionStamps.Stamped stamped, char operation,
                     long version, Supplier<Map<String, String>> retired, Supplier<Change> replication) {
        long outboxId = stamped.outboxId();
        try {
            Change change = replication.get();
            if (outboxId != 0) {
                outbox.sending(outboxId);
                change.whenWritten(() -> outbox.written(outboxId));
            }
            if (kv.offer(change, offerTimeout)) {
                return;
            }
            if (outboxId != 0) {
                outbox.leftToRelay(outboxId);
            } else if (overflow != null) {
                overflow.remember(new ChangeRecord(0, persister.getEntityName(), id, operation,
                        version, stamped.stamp(), bornOf(persister, id), CommitClock.origin(), retired.get()));
            }
        } catch (KvSyncException e) {
            if (outboxId != 0) {
                outbox.leftToRelay(outboxId);
            }
            LOG.log(Level.WARNING, "not replicated: a committed change of " + persister.getEntityName() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (outboxId != 0) {
                outbox.leftToRelay(outboxId);
            }
            LOG.log(Level.ERROR, "not replicated: a committed change of " + persister.getEntityName()
                    + " failed unexpectedly", e);
        }
    }
}
