package io.kvsync.hibernate;

import io.kvsync.api.KvSyncException;
import io.kvsync.engine.KvSync;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

import java.lang.System.Logger.Level;

/**
 * Turns a committed Hibernate change into engine calls. Runs after the commit, so it never throws:
 * the transaction is already durable and the application must not see a failure it cannot undo.
 * Failures are logged and, for marshaling, reported by the engine through the report callback.
 */
final class Replicator {

    private static final System.Logger LOG = System.getLogger("io.kvsync.hibernate");

    private final KvSync kv;
    private final TransactionStamps stamps;

    /** {@code stamps}: where the births of the rows this process inserted are remembered. */
    Replicator(KvSync kv, TransactionStamps stamps) {
        this.kv = kv;
        this.stamps = stamps;
    }

    /** The birth of the row's current incarnation, when this process inserted it; else 0. */
    private long bornOf(EntityPersister persister, Object id) {
        return stamps.bornOf(persister.getEntityName(), id);
    }

    KvSync kv() {
        return kv;
    }

    /** {@code stamp}: the transaction's commit stamp, or {@code 0} for the engine to draw one. */
    void inserted(Object entity, Object id, EntityPersister persister, long stamp) {
        run(persister, () -> kv.enqueue(EntityVersions.insert(persister, entity, id, stamp)));
    }

    /** An upsert: the row may or may not have existed, so its state is put as a new incarnation's. */
    void upserted(Object entity, Object id, EntityPersister persister, long stamp) {
        inserted(entity, id, persister, stamp);
    }

    void updated(Object entity, Object id, Object[] oldState, EntityPersister persister,
                 SharedSessionContractImplementor session, long stamp) {
        run(persister, () -> kv.enqueue(EntityVersions.put(persister, entity, id, stamp).bornAt(bornOf(persister, id))
                .previousKeys(EntityKeySnapshots.keysOf(persister, id, oldState, session))));
    }

    void deleted(Object entity, Object id, Object[] deletedState, EntityPersister persister,
                 SharedSessionContractImplementor session, long stamp) {
        // Also the keys of the state that was in the database, in case the object changed before remove().
        run(persister, () -> kv.enqueue(EntityVersions.delete(persister, entity, id, stamp).bornAt(bornOf(persister, id))
                .previousKeys(EntityKeySnapshots.keysOf(persister, id, deletedState, session))));
    }

    private void run(EntityPersister persister, Runnable replication) {
        try {
            replication.run();
        } catch (KvSyncException e) {
            LOG.log(Level.WARNING, "not replicated: a committed change of " + persister.getEntityName() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "not replicated: a committed change of " + persister.getEntityName()
                    + " failed unexpectedly", e);
        }
    }
}
