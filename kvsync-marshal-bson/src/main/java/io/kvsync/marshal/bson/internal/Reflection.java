package io.kvsync.marshal.bson.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Method handles for fields and constructors, made once per codec. They replace per-call reflection:
 * a handle is checked for access once, here, and then invoked without further checks.
 */
final class Reflection {

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);
    private static final MethodType SETTER = MethodType.methodType(void.class, Object.class, Object.class);
    private static final MethodType FACTORY = MethodType.methodType(Object.class);

    private Reflection() {
    }

    /** {@code (Object owner) -> Object}: reads the field, boxing a primitive. */
    static MethodHandle getter(Field field) {
        try {
            return LOOKUP.unreflectGetter(accessible(field)).asType(GETTER);
        } catch (IllegalAccessException e) {
            throw inaccessible(field.getDeclaringClass(), e);
        }
    }

    /** {@code (Object owner, Object value) -> void}: writes the field, final ones too (as Field.set would). */
    static MethodHandle setter(Field field) {
        try {
            return LOOKUP.unreflectSetter(accessible(field)).asType(SETTER);
        } catch (IllegalAccessException e) {
            throw inaccessible(field.getDeclaringClass(), e);
        }
    }

    /** {@code () -> Object}: the no-argument constructor of {@code type} (any visibility), or null if it has none. */
    static MethodHandle noArgConstructor(Class<?> type) {
        if (Modifier.isAbstract(type.getModifiers())) {
            return null;
        }
        Constructor<?> constructor;
        try {
            constructor = type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            return null;
        }
        try {
            return LOOKUP.unreflectConstructor(accessible(constructor)).asType(FACTORY);
        } catch (IllegalAccessException e) {
            throw inaccessible(type, e);
        }
    }

    /** The constructor taking {@code parameters}, spread from one {@code Object[]}: {@code (Object[]) -> Object}. */
    static MethodHandle spreadConstructor(Class<?> type, Class<?>... parameters) {
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(parameters);
            return LOOKUP.unreflectConstructor(accessible(constructor))
                    .asSpreader(Object[].class, parameters.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw inaccessible(type, e);
        }
    }

    private static <A extends AccessibleObject> A accessible(A member) {
        if (!member.trySetAccessible()) {
            // Only happens in a named module that does not open the package.
            throw new MarshalFailure(member + " is not accessible: open its package to the module"
                    + " io.kvsync.marshal.bson (opens ... to io.kvsync.marshal.bson)");
        }
        return member;
    }

    private static MarshalFailure inaccessible(Class<?> type, Exception e) {
        return new MarshalFailure("cannot access the members of " + type.getName() + ": " + e.getMessage(), e);
    }
}
