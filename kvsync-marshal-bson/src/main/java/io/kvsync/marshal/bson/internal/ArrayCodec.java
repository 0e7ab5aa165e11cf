package io.kvsync.marshal.bson.internal;

import org.bson.BsonType;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java array (of objects or of primitives other than {@code byte}) as a BSON array. Arrays are rare
 * in entities, so one reflective codec serves every component type.
 */
final class ArrayCodec implements Codec<Object> {

    private final Class<?> componentClass;
    private final Codec<Object> elements;

    ArrayCodec(Class<?> componentClass, Codec<Object> elements) {
        this.componentClass = componentClass;
        this.elements = elements;
    }

    @Override
    public void encode(Object value, EncodeContext out) {
        int length = Array.getLength(value);
        out.writer.writeStartArray();
        for (int i = 0; i < length; i++) {
            try {
                Nulls.encode(elements, Array.get(value, i), out);
            } catch (RuntimeException e) {
                throw MarshalFailure.of(e).inElement(i);
            }
        }
        out.writer.writeEndArray();
    }

    @Override
    public Object decode(DecodeContext in) {
        in.expect(BsonType.ARRAY);
        List<Object> values = new ArrayList<>();
        in.reader.readStartArray();
        while (in.reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            try {
                values.add(Nulls.decode(elements, in));
            } catch (RuntimeException e) {
                throw MarshalFailure.of(e).inElement(values.size());
            }
        }
        in.reader.readEndArray();
        Object array = Array.newInstance(componentClass, values.size());
        for (int i = 0; i < values.size(); i++) {
            try {
                Array.set(array, i, values.get(i));
            } catch (IllegalArgumentException e) {
                throw new MarshalFailure("a " + componentClass.getName() + " array cannot hold "
                        + values.get(i), e).inElement(i);
            }
        }
        return array;
    }
}
