package io.kvsync.marshal.bson.internal;

import org.bson.BsonType;

import java.lang.invoke.MethodHandle;

/**
 * A plain class (an entity, an embeddable): created through its no-argument constructor, of any
 * visibility, then given the fields present in the bytes. Fields absent from the bytes keep what the
 * constructor gave them; fields of the bytes that the class lacks are skipped.
 */
final class ObjectCodec extends CompositeCodec {

    /** Null when the class has no no-argument constructor: it can then be written but not read. */
    private final MethodHandle constructor;

    ObjectCodec(Class<?> type) {
        super(type);
        this.constructor = Reflection.noArgConstructor(type);
    }

    @Override
    Object decodeDocument(DecodeContext in) {
        if (constructor == null) {
            throw new MarshalFailure(type.getName() + " has no no-argument constructor to read it into;"
                    + " add one (it may be private)");
        }
        Object instance;
        try {
            instance = (Object) constructor.invokeExact();
        } catch (Throwable e) {
            throw new MarshalFailure("the no-argument constructor of " + type.getName() + " failed: " + e, e);
        }
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
                property.set(instance, property.decode(in));
            } catch (RuntimeException e) {
                throw MarshalFailure.of(e).inField(property.name, property.owner);
            }
            expected = index + 1;
        }
        in.reader.readEndDocument();
        return instance;
    }
}
