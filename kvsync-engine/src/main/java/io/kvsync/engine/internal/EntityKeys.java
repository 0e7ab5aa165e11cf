package io.kvsync.engine.internal;

import io.kvsync.api.KvSyncUsageException;
import io.kvsync.api.Syncable;

import java.util.Map;

/** Reads and validates the keys of a {@link Syncable}, so that every usage error names the entity and key. */
public final class EntityKeys {

    private EntityKeys() {
    }

    /** Returns {@code entity} as a {@link Syncable}, or a usage error naming its type. */
    public static Syncable requireSyncable(Object entity) {
        if (entity == null) {
            throw new KvSyncUsageException("entity must not be null");
        }
        if (!(entity instanceof Syncable syncable)) {
            throw new KvSyncUsageException(entity.getClass().getName() + " does not implement "
                    + Syncable.class.getName() + "; only Syncable objects can be replicated or fetched");
        }
        return syncable;
    }

    /**
     * Every key of {@code entity} by key name (the entity's own map, not a copy), checked: at least one
     * key, no null or blank name or key, and no two names mapping to the same key.
     */
    public static Map<String, String> of(Object entity) {
        Syncable syncable = requireSyncable(entity);
        Map<String, String> keys = call(syncable);
        if (keys == null || keys.isEmpty()) {
            throw new KvSyncUsageException(typeName(entity) + ".syncKeys() returned no keys; return at least one");
        }
        // Checked in place, without copying: this runs for every write on the committing thread, and an
        // entity has a handful of keys, so a pairwise look for duplicates beats building a second map.
        String[] names = new String[keys.size()];
        String[] seen = new String[keys.size()];
        int count = 0;
        for (Map.Entry<String, String> entry : keys.entrySet()) {
            String name = entry.getKey();
            String key = entry.getValue();
            requireUsable(entity, name, key);
            for (int i = 0; i < count; i++) {
                if (seen[i].equals(key)) {
                    throw new KvSyncUsageException(typeName(entity) + " key names \"" + names[i] + "\" and \"" + name
                            + "\" both map to the key \"" + key + "\"; every key name needs its own key");
                }
            }
            names[count] = name;
            seen[count++] = key;
        }
        return keys;
    }

    /** The key that {@code probe} has under {@code keyName}; other keys of the probe are not checked. */
    public static String keyOf(Object probe, String keyName) {
        Syncable syncable = requireSyncable(probe);
        Map<String, String> keys = call(syncable);
        if (keys == null || !keys.containsKey(keyName)) {
            throw new KvSyncUsageException(typeName(probe) + " has no key named \"" + keyName + "\"; its key names are "
                    + (keys == null ? "[]" : keys.keySet()));
        }
        String key = keys.get(keyName);
        requireUsable(probe, keyName, key);
        return key;
    }

    private static Map<String, String> call(Syncable syncable) {
        try {
            return syncable.syncKeys();
        } catch (RuntimeException e) {
            // A probe with unset fields often throws here (e.g. id.toString() on a null id).
            throw new KvSyncUsageException(typeName(syncable) + ".syncKeys() threw " + e
                    + "; set the fields its keys are built from", e);
        }
    }

    private static void requireUsable(Object entity, String name, String key) {
        if (name == null || name.isBlank()) {
            throw new KvSyncUsageException(typeName(entity) + ".syncKeys() has a null or blank key name (key \"" + key + "\")");
        }
        if (key == null || key.isBlank()) {
            throw new KvSyncUsageException(typeName(entity) + " key \"" + name + "\" is " + (key == null ? "null" : "blank")
                    + "; set the fields it is built from");
        }
    }

    private static String typeName(Object entity) {
        return entity.getClass().getName();
    }
}
