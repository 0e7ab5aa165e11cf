package io.kvsync.marshal.bson.internal;

import org.bson.BsonType;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * A record: read through its canonical constructor. A component missing from the bytes (or marked
 * {@code @KvSyncIgnore}) gets its type's default: null, zero or false.
 */
final class RecordCodec extends CompositeCodec {

    private final MethodHandle constructor;
    /** The constructor arguments before reading: the default of each component type. */
    private final Object[] defaults;
    /** For each property, the position of its component in the canonical constructor. */
    private int[] slots;

    RecordCodec(Class<?> type) {
        super(type);
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] parameterTypes = new Class<?>[components.length];
        defaults = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
            // The element of a one-element primitive array is that primitive's default, boxed.
            defaults[i] = parameterTypes[i].isPrimitive() ? Array.get(Array.newInstance(parameterTypes[i], 1), 0) : null;
        }
        constructor = Reflection.spreadConstructor(type, parameterTypes);
    }

    @Override
    void initialize(List<Property> list) {
        super.initialize(list);
        RecordComponent[] components = type.getRecordComponents();
        slots = new int[properties.length];
        for (int p = 0; p < properties.length; p++) {
            for (int c = 0; c < components.length; c++) {
                if (components[c].getName().equals(properties[p].name)) {
                    slots[p] = c;
                }
            }
        }
    }

    @Override
    Object decodeDocument(DecodeContext in) {
        Object[] arguments = defaults.clone();
        in.reader.readStartDocument();
        int expected = 0;
        while (in.reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            int index = indexOf(in.reader.readName(), expected);
            if (index < 0) {
                in.reader.skipValue();
                continue;
            }
            Property property = properties[index];
            try {
                arguments[slots[index]] = property.decode(in);
            } catch (RuntimeException e) {
                throw MarshalFailure.of(e).inField(property.name, property.owner);
            }
            expected = index + 1;
        }
        in.reader.readEndDocument();
        try {
            return (Object) constructor.invokeExact(arguments);
        } catch (Throwable e) {
            throw new MarshalFailure("the canonical constructor of " + type.getName() + " rejected the values read: " + e, e);
        }
    }
}
