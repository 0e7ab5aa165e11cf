package io.kvsync.marshal.bson.internal;

import org.bson.BsonType;

import java.util.Map;
import java.util.function.Supplier;

/** A {@link Map} as a BSON document: keys become field names (see {@link MapKeys}), values use the declared value type's codec. */
final class MapCodec implements Codec<Map<Object, Object>> {

    private final MapKeys keys;
    private final Codec<Object> values;
    private final Supplier<Map<Object, Object>> factory;

    MapCodec(MapKeys keys, Codec<Object> values, Supplier<Map<Object, Object>> factory) {
        this.keys = keys;
        this.values = values;
        this.factory = factory;
    }

    @Override
    public void encode(Map<Object, Object> value, EncodeContext out) {
        out.writer.writeStartDocument();
        for (Map.Entry<Object, Object> entry : value.entrySet()) {
            try {
                out.writer.writeName(keys.name(entry.getKey()));
                Nulls.encode(values, entry.getValue(), out);
            } catch (RuntimeException e) {
                throw MarshalFailure.of(e).inElement(entry.getKey());
            }
        }
        out.writer.writeEndDocument();
    }

    @Override
    public Map<Object, Object> decode(DecodeContext in) {
        in.expect(BsonType.DOCUMENT);
        in.enter();
        Map<Object, Object> map = factory.get();
        in.reader.readStartDocument();
        while (in.reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            String name = in.reader.readName();
            try {
                map.put(keys.key(name), Nulls.decode(values, in));
            } catch (RuntimeException e) {
                throw MarshalFailure.of(e).inElement(name);
            }
        }
        in.reader.readEndDocument();
        in.exit();
        return map;
    }

    @Override
    public boolean writesDocument() {
        return true;
    }
}
