package io.kvsync.marshal.bson.internal;

import org.bson.BsonBinaryReader;
import org.bson.BsonType;

/** One decoding run: the reader and the nesting depth. Single-threaded. */
final class DecodeContext {

    final BsonBinaryReader reader;
    private int depth;

    DecodeContext(BsonBinaryReader reader) {
        this.reader = reader;
    }

    /** The BSON type of the value the reader is on. */
    BsonType type() {
        return reader.getCurrentBsonType();
    }

    /** Fails unless the current value has type {@code expected}. */
    void expect(BsonType expected) {
        if (reader.getCurrentBsonType() != expected) {
            throw mismatch(expected.name());
        }
    }

    /** A failure saying the bytes hold something other than {@code expected}. */
    MarshalFailure mismatch(String expected) {
        return new MarshalFailure("expected " + expected + " but the bytes hold "
                + reader.getCurrentBsonType());
    }

    /**
     * Starts reading a class or record: bounds the recursion whatever the bytes say. Only these count,
     * as in {@link EncodeContext#enter}: collections, maps and arrays nest only as deep as their
     * declared types, so what could be written can be read.
     */
    void enter() {
        if (++depth > EncodeContext.MAX_DEPTH) {
            throw new MarshalFailure("the bytes are nested deeper than " + EncodeContext.MAX_DEPTH + " levels");
        }
    }

    void exit() {
        depth--;
    }
}
