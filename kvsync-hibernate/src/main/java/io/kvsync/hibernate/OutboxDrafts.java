package io.kvsync.hibernate;

import io.kvsync.api.Syncable;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.entity.EntityPersister;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a change records in the outbox ({@link TransactionStamps.Draft}), computed when its statement runs:
 * the keys it retires are those of the state before it (an update's old state, a delete's deleted state and
 * the object's own keys) that the state after it no longer has. Never throws: a key that cannot be computed
 * (a part that is null) is left out, as the fast path leaves it out.
 */
final class OutboxDrafts {

    private OutboxDrafts() {
    }

    static TransactionStamps.Draft insert(EntityPersister persister, Object entity) {
        return new TransactionStamps.Draft(ChangeRecord.INSERT, EntityVersions.of(persister, entity), Map.of());
    }

    static TransactionStamps.Draft update(EntityPersister persister, Object entity, Object id, Object[] oldState,
                                          SharedSessionContractImplementor session) {
        Map<String, String> before = EntityKeySnapshots.keysOf(persister, id, oldState, session);
        Set<String> after = new HashSet<>(keysOf(entity).values());
        Map<String, String> retired = new LinkedHashMap<>();
        before.forEach((name, key) -> {
            if (usable(name, key) && !after.contains(key)) {
                retired.put(name, key);
            }
        });
        return new TransactionStamps.Draft(ChangeRecord.UPDATE, EntityVersions.of(persister, entity), retired);
    }

    static TransactionStamps.Draft delete(EntityPersister persister, Object entity, Object id, Object[] deletedState,
                                          SharedSessionContractImplementor session) {
        Map<String, String> retired = new LinkedHashMap<>();
        keysOf(entity).forEach((name, key) -> {
            if (usable(name, key)) {
                retired.put(name, key);
            }
        });
        EntityKeySnapshots.keysOf(persister, id, deletedState, session).forEach((name, key) -> {
            if (usable(name, key) && !retired.containsValue(key)) {
                retired.put(name + "#before", key); // the same name with another key: both go
            }
        });
        return new TransactionStamps.Draft(ChangeRecord.DELETE, EntityVersions.of(persister, entity), retired);
    }

    /** The entity's keys, read one by one so that one key that cannot be built costs only itself. */
    private static Map<String, String> keysOf(Object entity) {
        if (!(entity instanceof Syncable syncable)) {
            return Map.of();
        }
        Map<String, String> keys;
        try {
            keys = syncable.syncKeys();
        } catch (RuntimeException e) {
            return Map.of();
        }
        Map<String, String> readable = new LinkedHashMap<>();
        for (String name : keys.keySet()) {
            try {
                String key = keys.get(name);
                if (usable(name, key)) {
                    readable.put(name, key);
                }
            } catch (RuntimeException e) {
                // a key built from a part that is null: nothing to retire under it
            }
        }
        return readable;
    }

    private static boolean usable(String name, String key) {
        return name != null && !name.isBlank() && key != null && !key.isBlank();
    }
}
