package io.kvsync.api;

import java.util.Map;

/**
 * An object that KVSync replicates into a key-value store under one or more keys.
 *
 * <p>Each entry of {@link #syncKeys()} maps a <em>key name</em> (how callers ask for the entity,
 * e.g. {@code "uuid"}) to the <em>key</em> under which it is stored (e.g. {@code "user:uuid:42ab…"}).
 * Keys must be unique across the whole store: two entities that return the same key overwrite each
 * other. Keys are usually built from the entity's identifier and natural keys.
 *
 * <pre>{@code
 * public Map<String, String> syncKeys() {
 *     return Map.of("id", "user:id:" + id,
 *                   "uuid", "user:uuid:" + uuid);
 * }
 * }</pre>
 *
 * <p>Implementations must be cheap and free of side effects: the engine calls this method on the
 * committing thread, and on <em>probe</em> objects (instances with only the key fields set) when
 * fetching. A null or blank key, or two names mapping to the same key, is rejected with a
 * {@link KvSyncUsageException} naming the entity type and key name.
 */
public interface Syncable {

    /**
     * Returns the keys of this object, by key name.
     *
     * @return a non-empty map from key name to key; neither names nor keys may be null or blank
     */
    Map<String, String> syncKeys();
}
