package io.kvsync.marshal.bson.internal;

/**
 * Encodes and decodes one Java type. A codec is built once per type, cached, and shared by all
 * threads: implementations are immutable after construction.
 *
 * <p>Codecs never see null: callers write a BSON null for a null value and check for it before
 * decoding. {@link #decode} is called with the reader positioned on the value, its BSON type known.
 */
interface Codec<T> {

    void encode(T value, EncodeContext out);

    T decode(DecodeContext in);

    /** True when {@link #encode} writes a whole BSON document, so the value can be a top-level one. */
    default boolean writesDocument() {
        return false;
    }
}
