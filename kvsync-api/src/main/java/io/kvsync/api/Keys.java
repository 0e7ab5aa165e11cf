package io.kvsync.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the map that {@link Syncable#syncKeys()} returns, refusing a key with a missing part:
 * {@code "user:uuid:" + uuid} with a null {@code uuid} is the key {@code "user:uuid:null"}, which
 * nothing can tell from a real one, while {@code key("uuid", "user:uuid:", uuid)} throws a
 * {@link KvSyncUsageException} naming the type, the key name and the part.
 *
 * <pre>{@code
 * public Map<String, String> syncKeys() {
 *     return Keys.of(this)
 *             .key("id", "user:id:", id)
 *             .key("uuid", "user:uuid:", uuid)
 *             .key("composite", "user:composite:", id, "_", uuid)
 *             .build();
 * }
 * }</pre>
 *
 * <p><b>Probes.</b> A key with a missing part does not fail {@code build()}: it fails when it is read.
 * A probe with only its {@code uuid} set can still be asked for its {@code "uuid"} key
 * ({@code kv.fetch(probe, "uuid")}), while writing an entity reads every key, and so throws naming the
 * first key with a missing part. Reading such a key from the built map (its {@code get}, or iterating
 * over it) throws the {@link KvSyncUsageException}.
 *
 * <p>A builder serves one call of {@code syncKeys()}; it is not thread-safe.
 */
public final class Keys {

    private final Class<?> type;
    /** Key name to key, or to the {@link KeysWithGaps.Gap} that says why there is none. */
    private final Map<String, Object> keys = new LinkedHashMap<>(8);
    private boolean gaps;

    private Keys(Class<?> type) {
        this.type = type;
    }

    /** A builder for the keys of {@code entity}, which error messages name by its type. */
    public static Keys of(Object entity) {
        if (entity == null) {
            throw new KvSyncUsageException("Keys.of(entity): entity must not be null");
        }
        return new Keys(entity.getClass());
    }

    /**
     * Adds the key {@code name}, the concatenation of {@code parts} ({@code String.valueOf} of each).
     *
     * @throws KvSyncUsageException when {@code name} is null, blank or already added; a part that is
     *                              null or a blank {@link CharSequence} makes the key throw when read
     */
    public Keys key(String name, Object... parts) {
        if (name == null || name.isBlank()) {
            throw new KvSyncUsageException(type.getName() + ": a key name is " + (name == null ? "null" : "blank"));
        }
        if (parts == null || parts.length == 0) {
            throw new KvSyncUsageException(type.getName() + " key \"" + name + "\" has no parts");
        }
        if (keys.containsKey(name)) {
            throw new KvSyncUsageException(type.getName() + " key name \"" + name + "\" is added twice");
        }
        StringBuilder key = new StringBuilder(64);
        for (int i = 0; i < parts.length; i++) {
            Object part = parts[i];
            if (part == null || part instanceof CharSequence text && text.toString().isBlank()) {
                keys.put(name, new KeysWithGaps.Gap(type.getName() + " key \"" + name + "\": part " + (i + 1) + " of "
                        + parts.length + " is " + (part == null ? "null" : "blank") + " (the key so far: \"" + key
                        + "\"); set the fields it is built from"));
                gaps = true;
                return this;
            }
            key.append(part);
        }
        keys.put(name, key.toString());
        return this;
    }

    /**
     * The keys added, by name, in the order added; unmodifiable. A key with a missing part throws
     * {@link KvSyncUsageException} when read.
     *
     * @throws KvSyncUsageException when no key was added
     */
    @SuppressWarnings("unchecked")
    public Map<String, String> build() {
        if (keys.isEmpty()) {
            throw new KvSyncUsageException(type.getName() + ": no keys were added; add at least one");
        }
        // Without a gap every value is a String: the common case costs no wrapper.
        return gaps ? new KeysWithGaps(keys) : Collections.unmodifiableMap((Map<String, String>) (Map<String, ?>) keys);
    }
}
