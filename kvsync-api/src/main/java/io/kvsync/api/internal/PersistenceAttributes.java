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
        this.version = Attribute.find(type, VERSION);
        this.id = Attribute.find(type, ID);
    }

    /** The attributes of {@code type}, found on first use. */
    public static PersistenceAttributes of(Class<?> type) {
        return BY_CLASS.get(type);
    }

    /** The version of {@code entity}, or {@link Syncable#UNVERSIONED} without a version attribute or value. */
    public long version(Object entity) {
        if (version == null) {
            return Syncable.UNVERSIONED;
        }
        if (!Versions.ordered(version.valueType())) {
            throw new KvSyncUsageException(type.getName() + "'s @Version attribute \"" + version.name() + "\" is a "
                    + version.valueType().getName() + ", which KVSync cannot order; use a number or a timestamp, "
                    + "or override syncVersion()");
        }
        return Versions.toLong(version.read(type, entity));
    }

    /** The identity of {@code entity}, or {@code null} without an id attribute or value. */
    public Object id(Object entity) {
        return id == null ? null : id.read(type, entity);
    }

    /** Whether {@code type} has a {@code @Version} attribute. */
    public boolean versioned() {
        return version != null;
    }

    /** A field or getter, made readable when found; a failure to do so is kept and thrown on use. */
    private record Attribute(Member member, Class<?> valueType, RuntimeException inaccessible) {

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
