package io.kvsync.hibernate;

import io.kvsync.api.Syncable;
import io.kvsync.api.Versions;
import io.kvsync.engine.Change;
import org.hibernate.persister.entity.EntityPersister;

/**
 * What Hibernate knows of a change that the engine cannot see: the row's identifier and its
 * {@code @Version}, read through the persister (no reflection, no SQL).
 */
final class EntityVersions {

    private EntityVersions() {
    }

    /** A put of {@code entity}'s state, carrying its identifier and version. */
    static Change put(EntityPersister persister, Object entity, Object id) {
        return Change.put(entity).identity(id).version(of(persister, entity));
    }

    /** A delete of {@code entity}'s keys, carrying its identifier and version. */
    static Change delete(EntityPersister persister, Object entity, Object id) {
        return Change.delete(entity).identity(id).version(of(persister, entity));
    }

    /** A row read back from the database (resync, reconcile): its identifier read from the entity. */
    static Change putRow(EntityPersister persister, Object row, boolean overwrite) {
        Change change = put(persister, row, persister.getIdentifierMapping().getIdentifier(row));
        // Overwrite writes unfenced: entries left from an earlier database must not fence the new rows out.
        return overwrite ? change.version(Syncable.UNVERSIONED) : change;
    }

    static long of(EntityPersister persister, Object entity) {
        if (!persister.isVersioned()) {
            return Syncable.UNVERSIONED;
        }
        // An exotic version type (no order) replicates unfenced rather than guess one.
        return Versions.toLong(persister.getVersion(entity));
    }
}
