package io.kvsync.marshal.bson.internal;

import org.bson.BsonType;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link Map}, usually as a BSON document whose field names are the keys (see {@link MapKeys}).
 * A field name cannot hold every string (no NUL, no unpaired surrogate), so a map with such a key is
 * written instead as an array of {@code [key, value]} pairs; reading accepts both forms.
 */
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
        if (keys.allFieldNames(value.keySet())) {
            encodeDocument(value, out);
        } else {
            encodePairs(value, out);
        }
    }

    private void encodeDocument(Map<Object, Object> value, EncodeContext out) {
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

    private void encodePairs(Map<Object, Object> value, EncodeContext out) {
        out.writer.writeStartArray();
        for (Map.Entry<Object, Object> entry : value.entrySet()) {
            try {
                out.writer.writeStartArray();
                TextCodecs.STRING.encode(keys.name(entry.getKey()), out);
                Nulls.encode(values, entry.getValue(), out);
                out.writer.writeEndArray();
            } catch (RuntimeException e) {
                throw MarshalFailure.of(e).inElement(entry.getKey());
            }
        }
        out.writer.writeEndArray();
    }

    @Override
    public Map<Object, Object> decode(DecodeContext in) {
        boolean pairs = in.type() == BsonType.ARRAY;
        if (!pairs) {
            in.expect(BsonType.DOCUMENT);
        }
        Map<Object, Object> map = factory.get();
        if (pairs) {
            decodePairs(map, in);
        } else {
            decodeDocument(map, in);
        }
        return map;
    }

    private void decodeDocument(Map<Object, Object> map, DecodeContext in) {
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
    }

    private void decodePairs(Map<Object, Object> map, DecodeContext in) {
        in.reader.readStartArray();
        while (in.reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            try {
                in.expect(BsonType.ARRAY);
                in.reader.readStartArray();
                in.reader.readBsonType();
                Object key = keys.key(TextCodecs.STRING.decode(in));
                in.reader.readBsonType();
                map.put(key, Nulls.decode(values, in));
                in.reader.readEndArray();
            } catch (RuntimeException e) {
                throw MarshalFailure.of(e).inElement(map.size());
            }
        }
        in.reader.readEndArray();
    }

    @Override
    public boolean writesDocument() {
        // A top-level map with an awkward key is an array, which BSON cannot hold at the top: wrap it.
        return false;
    }
}
