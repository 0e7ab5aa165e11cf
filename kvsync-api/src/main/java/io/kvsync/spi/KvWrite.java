package io.kvsync.spi;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * One change to apply to a {@link KvStore}: a {@link Put} of bytes under a key, or a {@link Delete}.
 *
 * <p><b>Versions.</b> When the entity carries an optimistic-lock version (JPA {@code @Version}),
 * {@link #version()} holds it and the store applies the write only if it is <em>newer</em> than the
 * version it holds for the key, so that a late writer (another JVM, a retried batch) cannot bring
 * back older state. A versioned delete also removes a value of its <em>own</em> version (JPA does not
 * change {@code @Version} on delete), and leaves a tombstone, read as absent, that keeps blocking puts
 * of its version and older for a store-configured time. {@link #UNVERSIONED} writes are applied unconditionally and clear
 * any version or tombstone held for the key.
 *
 * <p>Instances are immutable; a {@code Put}'s byte array must not be modified once it is created.
 */
public sealed interface KvWrite permits KvWrite.Put, KvWrite.Delete {

    /** The version of a write whose entity has none: applied unconditionally. */
    long UNVERSIONED = io.kvsync.api.Syncable.UNVERSIONED;

    /** The key, without any store-side prefix. */
    String key();

    /** The entity's version, or {@link #UNVERSIONED}. */
    long version();

    /** Returns {@code true} when {@link #version()} is not {@link #UNVERSIONED}. */
    default boolean versioned() {
        return version() != UNVERSIONED;
    }

    /**
     * The versioning rule every store applies (and the engine when it coalesces pending writes): may
     * this write replace what is held for its key?
     *
     * @param currentVersion the version held for the key, or {@link #UNVERSIONED} (also when nothing is held)
     * @param currentDeleted whether what is held is a tombstone rather than a value
     */
    default boolean supersedes(long currentVersion, boolean currentDeleted) {
        if (!versioned() || currentVersion == UNVERSIONED) {
            return true;
        }
        if (this instanceof Delete && !currentDeleted) {
            // JPA leaves @Version unchanged on delete: the delete of version 5 must remove value 5.
            return version() >= currentVersion;
        }
        return version() > currentVersion;
    }

    /**
     * Writes {@code value} under {@code key}.
     *
     * @param key     the key, not blank
     * @param value   the marshaled entity, not null
     * @param ttl     how long the entry lives, or {@code null} for no expiry; positive when given
     * @param version the entity's version or {@link #UNVERSIONED}
     */
    record Put(String key, byte[] value, Duration ttl, long version) implements KvWrite {

        public Put {
            requireKey(key);
            Objects.requireNonNull(value, "value");
            if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
                throw new IllegalArgumentException("ttl must be positive, or null for no expiry: " + ttl + " for key " + key);
            }
        }

        /** An unversioned put without expiry. */
        public static Put of(String key, byte[] value) {
            return new Put(key, value, null, UNVERSIONED);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Put p && key.equals(p.key) && Arrays.equals(value, p.value)
                    && Objects.equals(ttl, p.ttl) && version == p.version;
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, Arrays.hashCode(value), ttl, version);
        }

        @Override
        public String toString() {
            return "Put[" + key + ", " + value.length + " bytes, ttl=" + ttl
                    + (version == UNVERSIONED ? "" : ", version=" + version) + "]";
        }
    }

    /**
     * Removes {@code key}. A versioned delete leaves a tombstone (see {@link KvWrite}).
     *
     * @param key     the key, not blank
     * @param version the deleted entity's version or {@link #UNVERSIONED}
     */
    record Delete(String key, long version) implements KvWrite {

        public Delete {
            requireKey(key);
        }

        /** An unversioned delete. */
        public static Delete of(String key) {
            return new Delete(key, UNVERSIONED);
        }

        @Override
        public String toString() {
            return "Delete[" + key + (version == UNVERSIONED ? "" : ", version=" + version) + "]";
        }
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("key must not be null or blank: " + key);
        }
    }
}
