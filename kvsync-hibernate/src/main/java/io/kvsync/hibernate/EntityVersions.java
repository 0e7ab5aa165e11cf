package io.kvsync.hibernate;

import io.kvsync.api.Syncable;
import io.kvsync.api.Versions;
import io.kvsync.engine.Change;
import org.hibernate.persister.entity.EntityPersister;

/**
 * What Hibernate knows of a change that the engine cannot see: the row's identifier and its
 * {@code @Version}, read through the persister (no reflection, no SQL), and when its transaction committed.
 */
final class EntityVersions {

    private EntityVersions() {
    }

    /**
     * The put of the state an insert created, carrying its identifier and version, and its commit stamp
     * ({@code 0}: drawn by the engine).
     */
    static Change insert(EntityPersister persister, Object entity, Object id, long stamp) {
        return stamped(Change.insert(entity).identity(id).version(of(persister, entity)), stamp);
    }

    /** A put of {@code entity}'s state, carrying its identifier, version and commit stamp. */
    static Change put(EntityPersister persister, Object entity, Object id, long stamp) {
        return stamped(Change.put(entity).identity(id).version(of(persister, entity)), stamp);
    }

    /** A delete of {@code entity}'s keys, carrying its identifier, version and commit stamp. */
    static Change delete(EntityPersister persister, Object entity, Object id, long stamp) {
        return stamped(Change.delete(entity).identity(id).version(of(persister, entity)), stamp);
    }

    /**
     * A row read back from the database (resync, reconcile): its identifier read from the entity; its stamp
     * drawn before the read began ({@link RowStream#readStamp()}), so that a row that took one of its keys
     * while the read ran wins the key. Within its row it is ordered by version like any update (not as an
     * insert): a transaction that drew its stamp before the read but committed after the read's snapshot
     * must still replace the state read.
     */
    static Change putRow(EntityPersister persister, Object row, boolean overwrite, long readStamp) {
        Change change = put(persister, row, persister.getIdentifierMapping().getIdentifier(row), readStamp);
        // Overwrite writes unfenced: entries left from an earlier database must not fence the new rows out.
        return overwrite ? change.version(Syncable.UNVERSIONED) : change;
    }

    private static Change stamped(Change change, long stamp) {
        return stamp > 0 ? change.stamp(stamp) : change;
    }

    static long of(EntityPersister persister, Object entity) {
        if (!persister.isVersioned()) {
            return Syncable.UNVERSIONED;
        }
        // An exotic version type (no order) replicates unfenced rather than guess one.
        return Versions.toLong(persister.getVersion(entity));
    }
}
