package io.kvsync.marshal.bson.internal;

import org.bson.BsonType;

/** Null handling in one place: codecs themselves never see null. */
final class Nulls {

    private Nulls() {
    }

    static void encode(Codec<Object> codec, Object value, EncodeContext out) {
        if (value == null) {
            out.writer.writeNull();
        } else {
            codec.encode(value, out);
        }
    }

    static Object decode(Codec<Object> codec, DecodeContext in) {
        if (in.type() == BsonType.NULL) {
            in.reader.readNull();
            return null;
        }
        return codec.decode(in);
    }
}
