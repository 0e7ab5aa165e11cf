package io.kvsync.marshal.bson.internal;

import org.bson.BsonType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What classes and records share: a BSON document with one element per field, written in declaration
 * order (superclass fields first), and the lookup of fields by name when reading.
 *
 * <p>Built in two steps so that a type can refer to itself ({@code Node next}): the codec is
 * registered first, then {@link #initialize} is given its properties. It is published to other
 * threads only after that.
 */
abstract class CompositeCodec implements Codec<Object> {

    final Class<?> type;
    Property[] properties;
    private Map<String, Integer> indexByName;

    CompositeCodec(Class<?> type) {
        this.type = type;
    }

    void initialize(List<Property> list) {
        properties = list.toArray(new Property[0]);
        indexByName = new HashMap<>();
        for (int i = 0; i < properties.length; i++) {
            indexByName.put(properties[i].name, i);
        }
    }

    @Override
    public final void encode(Object given, EncodeContext out) {
        // An initialized ORM proxy (say, an element of a list) stands for the object behind it.
        Object value = given.getClass() == type ? given : out.guard.unproxy(given);
        if (value.getClass() != type) {
            throw new MarshalFailure("the value is a " + value.getClass().getName() + ", a subclass of the declared "
                    + type.getName() + ", whose own fields would be lost: declare the concrete class, or mark"
                    + " the field @KvSyncIgnore");
        }
        out.enter(value);
        out.writer.writeStartDocument();
        for (Property property : properties) {
            try {
                property.encode(value, out);
            } catch (RuntimeException e) {
                throw MarshalFailure.of(e).inField(property.name, property.owner);
            }
        }
        out.writer.writeEndDocument();
        out.exit();
    }

    @Override
    public final Object decode(DecodeContext in) {
        in.expect(BsonType.DOCUMENT);
        in.enter();
        Object result = decodeDocument(in);
        in.exit();
        return result;
    }

    /** Reads the document the reader is on (not started yet) into a new instance. */
    abstract Object decodeDocument(DecodeContext in);

    /**
     * The index of the property named {@code name}, or -1 for a field this type does not have (any
     * more). Fields usually come in the order they were written, so the expected one is tried first.
     */
    final int indexOf(String name, int expected) {
        if (expected < properties.length && properties[expected].name.equals(name)) {
            return expected;
        }
        Integer index = indexByName.get(name);
        return index == null ? -1 : index;
    }

    @Override
    public final boolean writesDocument() {
        return true;
    }
}
