package io.kvsync.marshal.bson.internal;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;

/**
 * One encoded field of a class or record: its BSON name, its codec and the method handles that read
 * and (for classes) write it. Immutable.
 */
final class Property {

    final String name;
    final Class<?> owner;
    private final boolean primitive;
    /** False for types that cannot be an ORM proxy or lazy collection (numbers, strings, dates...). */
    private final boolean guarded;
    private final Codec<Object> codec;
    private final MethodHandle getter;
    /** Null for record components, which are set through the canonical constructor. */
    private final MethodHandle setter;

    Property(Field field, Codec<Object> codec, boolean settable, boolean guarded) {
        this.name = field.getName();
        this.owner = field.getDeclaringClass();
        this.primitive = field.getType().isPrimitive();
        this.guarded = guarded;
        this.codec = codec;
        this.getter = Reflection.getter(field);
        this.setter = settable ? Reflection.setter(field) : null;
    }

    /**
     * Writes the name and the value of this field of {@code instance}; nothing at all when the value is
     * an unloaded ORM proxy or collection, which must not be touched (it reads back as the default).
     */
    void encode(Object instance, EncodeContext out) {
        Object value;
        try {
            value = (Object) getter.invokeExact(instance);
        } catch (Throwable e) {
            throw MarshalFailure.of(e);
        }
        if (guarded && value != null) {
            if (out.guard.isUnloaded(value)) {
                return;
            }
            value = out.guard.unproxy(value);
        }
        out.writer.writeName(name);
        Nulls.encode(codec, value, out);
    }

    /** Reads the value the reader is on. */
    Object decode(DecodeContext in) {
        Object value = Nulls.decode(codec, in);
        if (value == null && primitive) {
            throw new MarshalFailure("the bytes hold null for a primitive field");
        }
        return value;
    }

    void set(Object instance, Object value) {
        try {
            setter.invokeExact(instance, value);
        } catch (Throwable e) {
            throw MarshalFailure.of(e);
        }
    }
}
