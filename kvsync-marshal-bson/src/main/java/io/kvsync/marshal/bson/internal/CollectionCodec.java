package io.kvsync.marshal.bson.internal;

import org.bson.BsonType;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * A {@link Collection} as a BSON array. Reading builds the collection the field declares (see
 * {@link Containers}) and decodes elements with the codec of the declared element type.
 */
final class CollectionCodec implements Codec<Collection<Object>> {

    private final Codec<Object> elements;
    private final Supplier<Collection<Object>> factory;

    CollectionCodec(Codec<Object> elements, Supplier<Collection<Object>> factory) {
        this.elements = elements;
        this.factory = factory;
    }

    @Override
    public void encode(Collection<Object> value, EncodeContext out) {
        out.writer.writeStartArray();
        int index = 0;
        for (Object element : value) {
            try {
                Nulls.encode(elements, element, out);
            } catch (RuntimeException e) {
                throw MarshalFailure.of(e).inElement(index);
            }
            index++;
        }
        out.writer.writeEndArray();
    }

    @Override
    public Collection<Object> decode(DecodeContext in) {
        in.expect(BsonType.ARRAY);
        Collection<Object> collection = factory.get();
        in.reader.readStartArray();
        while (in.reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            try {
                collection.add(Nulls.decode(elements, in));
            } catch (RuntimeException e) {
                throw MarshalFailure.of(e).inElement(collection.size());
            }
        }
        in.reader.readEndArray();
        return collection;
    }
}
