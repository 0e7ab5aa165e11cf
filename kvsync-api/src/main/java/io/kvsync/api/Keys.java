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
 * <p>A builder serves one call of {@code syncKeys()}; it is not thread-safe.
 */
public final class Keys {

    private final Class<?> type;
    private final Map<String, String> keys = new LinkedHashMap<>(8);

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
     * @throws KvSyncUsageException when {@code name} is null, blank or already added, or a part is null
     *                              or a blank {@link CharSequence}
     */
    public Keys key(String name, Object... parts) {
        if (name == null || name.isBlank()) {
            throw new KvSyncUsageException(type.getName() + ": a key name is " + (name == null ? "null" : "blank"));
        }
        if (parts == null || parts.length == 0) {
            throw new KvSyncUsageException(type.getName() + " key \"" + name + "\" has no parts");
        }
        StringBuilder key = new StringBuilder(64);
        for (int i = 0; i < parts.length; i++) {
            Object part = parts[i];
            if (part == null || part instanceof CharSequence text && text.toString().isBlank()) {
                throw new KvSyncUsageException(type.getName() + " key \"" + name + "\": part " + (i + 1) + " of "
                        + parts.length + " is " + (part == null ? "null" : "blank") + " (the key so far: \"" + key
                        + "\"); set the fields it is built from");
            }
            key.append(part);
        }
        if (keys.putIfAbsent(name, key.toString()) != null) {
            throw new KvSyncUsageException(type.getName() + " key name \"" + name + "\" is added twice");
        }
        return this;
    }

    /** The keys added, by name, in the order added; unmodifiable. */
    public Map<String, String> build() {
        if (keys.isEmpty()) {
            throw new KvSyncUsageException(type.getName() + ": no keys were added; add at least one");
        }
        return Collections.unmodifiableMap(keys);
    }
}
