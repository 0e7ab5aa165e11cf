package io.kvsync.api.internal;

import io.kvsync.api.KvSyncUsageException;
import io.kvsync.api.Syncable;
import io.kvsync.api.Versions;

import java.lang.annotation.Annotation;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;

/**
 * The JPA {@code @Version} and {@code @Id} attributes of a class, found once per class by annotation
 * name (so neither {@code jakarta.persistence} nor {@code javax.persistence} is a dependency), and read
 * for {@link Syncable#syncVersion()} and {@link Syncable#syncId()}. Not part of the API.
 */
public final class PersistenceAttributes {

    private static final Set<String> VERSION = Set.of("jakarta.persistence.Version", "javax.persistence.Version");
    private static final Set<String> ID = Set.of("jakarta.persistence.Id", "javax.persistence.Id",
            "jakarta.persistence.EmbeddedId", "javax.persistence.EmbeddedId");

    private static final ClassValue<PersistenceAttributes> BY_CLASS = new ClassValue<>() {
        @Override
        protected PersistenceAttributes computeValue(Class<?> type) {
            return new PersistenceAttributes(type);
        }
    };

    private final Class<?> type;
    private final Attribute version;
    private final Attribute id;

    private PersistenceAttributes(Class<?> type) {
        this.type = type;
        Attribute versionAttribute = Attribute.find(type, VERSION);
        // A version of a type with no order (byte[] rowversion, Calendar) fences nothing, as in the
        // Hibernate integration: such writes are unversioned.
        this.version = versionAttribute != null && Versions.ordered(versionAttribute.valueType()) ? versionAttribute : null;
        // With an @IdClass (several @Id attributes) no single attribute is the identity: leave it unknown,
        // and the engine tells entities apart by their keys.
        this.id = Attribute.count(type, ID) == 1 ? Attribute.find(type, ID) : null;
    }

    /** The attributes of {@code type}, found on first use. */
    public static PersistenceAttributes of(Class<?> type) {
        return BY_CLASS.get(type);
    }

    /**
     * The version of {@code entity}, or {@link Syncable#UNVERSIONED} without a version attribute (or one of a
     * type with no order) or value.
     *
     * @throws KvSyncUsageException when the attribute cannot be read: writing unfenced instead would let
     *                              late writes bring back old states, which the version is there to prevent
     */
    public long version(Object entity) {
        return version == null ? Syncable.UNVERSIONED : Versions.toLong(version.read(type, entity));
    }

    /**
     * The identity of {@code entity}, or {@code null} when unknown: no single id attribute, a null value,
     * a primitive id still 0 (JPA's unsaved value), or an attribute that cannot be read (identity is
     * optional: the engine then tells entities apart by their keys).
     */
    public Object id(Object entity) {
        if (id == null || id.inaccessible() != null) {
            return null;
        }
        Object value;
        try {
            value = id.read(type, entity);
        } catch (KvSyncUsageException e) {
            return null; // a getter that threw
        }
        return id.valueType().isPrimitive() && value instanceof Number number && number.longValue() == 0 ? null : value;
    }

    /** A field or getter, made readable when found; a failure to do so is kept and thrown on use. */
    private record Attribute(Member member, Class<?> valueType, RuntimeException inaccessible) {

        static int count(Class<?> type, Set<String> annotations) {
            int count = 0;
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    count += !Modifier.isStatic(field.getModifiers()) && annotated(field, annotations) ? 1 : 0;
                }
                for (Method method : c.getDeclaredMethods()) {
                    count += method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
                            && annotated(method, annotations) ? 1 : 0;
                }
            }
            return count;
        }

        static Attribute find(Class<?> type, Set<String> annotations) {
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && annotated(field, annotations)) {
                        return readable(field, field.getType());
                    }
                }
                for (Method method : c.getDeclaredMethods()) {
                    if (method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
                            && method.getReturnType() != void.class && annotated(method, annotations)) {
                        return readable(method, method.getReturnType());
                    }
                }
            }
            return null;
        }

        private static boolean annotated(AccessibleObject element, Set<String> names) {
            for (Annotation annotation : element.getDeclaredAnnotations()) {
                if (names.contains(annotation.annotationType().getName())) {
                    return true;
                }
            }
            return false;
        }

        private static Attribute readable(AccessibleObject element, Class<?> valueType) {
            try {
                element.setAccessible(true);
                return new Attribute((Member) element, valueType, null);
            } catch (RuntimeException e) { // InaccessibleObjectException, SecurityException
                return new Attribute((Member) element, valueType, e);
            }
        }

        String name() {
            return member.getName() + (member instanceof Method ? "()" : "");
        }

        Object read(Class<?> type, Object entity) {
            if (inaccessible != null) {
                throw new KvSyncUsageException("cannot read " + type.getName() + "'s JPA attribute \"" + name()
                        + "\": " + inaccessible.getMessage() + "; open its package to KVSync, or override "
                        + "syncVersion() and syncId()", inaccessible);
            }
            try {
                return member instanceof Field field ? field.get(entity) : ((Method) member).invoke(entity);
            } catch (IllegalAccessException e) {
                throw new KvSyncUsageException("cannot read " + type.getName() + "'s JPA attribute \"" + name()
                        + "\": " + e.getMessage(), e);
            } catch (InvocationTargetException e) {
                throw new KvSyncUsageException(type.getName() + "." + name() + " threw " + e.getCause(), e.getCause());
            }
        }
    }
}
