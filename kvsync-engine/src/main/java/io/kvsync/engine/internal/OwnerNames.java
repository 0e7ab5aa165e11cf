package io.kvsync.engine.internal;

/**
 * The owner a write claims a key for ({@link io.kvsync.spi.KvWrite.Claim#owner()}): the entity type and the
 * row's identifier, as text that another JVM derives identically for the same row.
 */
final class OwnerNames {

    /** Whether a type's {@code toString} says what the value is, rather than where it lives in memory. */
    private static final ClassValue<Boolean> DESCRIBES_VALUE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("toString").getDeclaringClass() != Object.class;
            } catch (NoSuchMethodException e) {
                return false; // arrays: their toString is Object's
            }
        }
    };

    /**
     * {@code type}'s part of its owner names, {@code mapped.class.Name:}: worked out once per class, since
     * every versioned change names its owner on the committing thread.
     */
    private static final ClassValue<String> PREFIX = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return entityClass(type).getName() + ":";
        }
    };

    private OwnerNames() {
    }

    /**
     * {@code type:identity}, or {@code null} when the identity is unknown or its {@code toString} is
     * {@code Object}'s (it would differ between two objects of one identifier, and between JVMs): such writes
     * are fenced by version alone.
     */
    static String of(Class<?> type, Object identity) {
        if (identity == null || !DESCRIBES_VALUE.get(identity.getClass())) {
            return null;
        }
        return PREFIX.get(type) + identity;
    }

    /**
     * The mapped class behind a generated subclass: a lazy-loading proxy handed to the manual API must
     * claim for the same row as the entity itself. Proxy generators name their classes after the entity
     * with a marker (Hibernate's Byte Buddy proxies {@code $HibernateProxy$}, older generators {@code $$}).
     */
    private static Class<?> entityClass(Class<?> type) {
        Class<?> current = type;
        while (current.getSuperclass() != null && current.getSuperclass() != Object.class
                && (current.getName().contains("$HibernateProxy$") || current.getName().contains("$$"))) {
            current = current.getSuperclass();
        }
        return current;
    }
}
