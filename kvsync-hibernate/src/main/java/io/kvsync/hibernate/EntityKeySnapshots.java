package io.kvsync.hibernate;

import io.kvsync.api.Syncable;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * Computes the keys an entity had in an earlier state (Hibernate's old or deleted state), by building
 * a detached copy through the persister: no SQL, no change to the managed instance.
 */
final class EntityKeySnapshots {

    private static final System.Logger LOG = System.getLogger("io.kvsync.hibernate");

    private EntityKeySnapshots() {
    }

    /** The keys of the entity in {@code state}; empty when Hibernate gave no state or they cannot be computed. */
    static Map<String, String> keysOf(EntityPersister persister, Object id, Object[] state,
                                      SharedSessionContractImplementor session) {
        if (state == null) {
            return Map.of();
        }
        try {
            Object copy = persister.instantiate(id, session);
            persister.setValues(copy, state);
            return copy instanceof Syncable syncable ? syncable.syncKeys() : Map.of();
        } catch (RuntimeException e) {
            // Without the old keys the new ones are still written; only a stale key may linger.
            LOG.log(Level.WARNING, "cannot compute the previous keys of " + persister.getEntityName() + "#" + id
                    + "; a key that changed may linger until a resync: " + e);
            return Map.of();
        }
    }
}
