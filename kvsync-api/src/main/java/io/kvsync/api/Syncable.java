package io.kvsync.api;

import io.kvsync.api.internal.PersistenceAttributes;

import java.util.Map;

/**
 * An object that KVSync replicates into a key-value store under one or more keys.
 *
 * <p>Each entry of {@link #syncKeys()} maps a <em>key name</em> (how callers ask for the entity,
 * e.g. {@code "uuid"}) to the <em>key</em> under which it is stored (e.g. {@code "user:uuid:42ab…"}).
 * Keys must be unique across the whole store: two entities that return the same key overwrite each
 * other. Keys are usually built from the entity's identifier and natural keys; {@link Keys} builds
 * them and refuses a null or blank part:
 *
 * <pre>{@code
 * public Map<String, String> syncKeys() {
 *     return Keys.of(this)
 *             .key("id", "user:id:", id)
 *             .key("uuid", "user:uuid:", uuid)
 *             .build();
 * }
 * }</pre>
 *
 * <p>Implementations must be cheap and free of side effects: the engine calls this method on the
 * committing thread, and on <em>probe</em> objects (instances with only the key fields set) when
 * fetching. A null or blank key, or two names mapping to the same key, is rejected with a
 * {@link KvSyncUsageException} naming the entity type and key name.
 *
 * <p><b>Version and identity.</b> Writes that do not name a version use {@link #syncVersion()}, and
 * every write carries {@link #syncId()}. By default both are read from the JPA annotations
 * ({@code @Version}, {@code @Id} or {@code @EmbeddedId} of {@code jakarta.persistence} or
 * {@code javax.persistence}, on a field or getter, looked up once per class); override them for
 * classes that have other ways to say it.
 */
public interface Syncable {

    /** The version of an object that has none: its writes are applied unconditionally. */
    long UNVERSIONED = Long.MIN_VALUE;

    /**
     * Returns the keys of this object, by key name.
     *
     * @return a non-empty map from key name to key; neither names nor keys may be null or blank
     */
    Map<String, String> syncKeys();

    /**
     * The optimistic-lock version of this state: a store keeps a key's newest version and refuses
     * older ones, so a late writer (another JVM, a retry) cannot bring back an older state.
     *
     * <p>The default reads the attribute annotated JPA {@code @Version} (numbers as they are,
     * timestamps as in {@link Versions#toLong}), or returns {@link #UNVERSIONED} when the class has
     * none, its type has no order (such as {@code byte[]}), or its value is null. Override it to return
     * a version of your own; it must grow with every change of the object: a put of a version the store
     * already holds is dropped, so a state changed without a new version is not written.
     *
     * @throws KvSyncUsageException when the annotated attribute cannot be read (a module that does not
     *                              open the class's package to KVSync)
     */
    default long syncVersion() {
        return PersistenceAttributes.of(getClass()).version(this);
    }

    /**
     * The identity of the row this object is a state of, or {@code null} when unknown: two writes of
     * one key with equal identities (and types of one hierarchy) are two states of one entity; with
     * different identities, two entities claiming one key.
     *
     * <p>The default reads the attribute annotated JPA {@code @Id} or {@code @EmbeddedId}; it returns
     * {@code null} when the class has none or several ({@code @IdClass}), when the value is null or a
     * primitive still 0 (unsaved), or when the attribute cannot be read. Override it for objects
     * identified otherwise; the value must have a meaningful {@code equals}.
     */
    default Object syncId() {
        return PersistenceAttributes.of(getClass()).id(this);
    }
}
