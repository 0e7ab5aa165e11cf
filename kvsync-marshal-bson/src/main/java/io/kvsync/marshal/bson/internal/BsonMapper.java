package io.kvsync.marshal.bson.internal;

import io.kvsync.api.MarshalException;
import io.kvsync.spi.LazyLoadGuard;
import org.bson.BSONException;
import org.bson.BsonBinaryReader;
import org.bson.BsonBinaryWriter;
import org.bson.BsonType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Objects to BSON documents and back, through the codecs of a {@link CodecRegistry}. A value whose
 * codec does not write a document (a string, a list) is wrapped as {@code {v: value}}, since BSON's
 * top level is always a document. Thread-safe; every failure is a {@link MarshalException} naming
 * the type and, where known, the field.
 */
public final class BsonMapper {

    /** The field holding a top-level value that is not itself a document. */
    private static final String WRAPPED = "v";

    private final CodecRegistry registry = new CodecRegistry();
    private final LazyLoadGuard guard;

    /** A mapper that keeps away from the values {@code guard} reports as unloaded ORM proxies. */
    public BsonMapper(LazyLoadGuard guard) {
        this.guard = guard;
    }

    /**
     * Encodes {@code value} as one BSON document.
     *
     * @throws MarshalException when a field's type is unsupported, the graph has a cycle, or a field fails
     */
    public byte[] encode(Object given) {
        if (given == null) {
            throw new MarshalException("Cannot marshal null: only objects can be stored");
        }
        if (guard.isUnloaded(given)) {
            throw new MarshalException("Cannot marshal " + given.getClass().getName()
                    + ": it is an uninitialized ORM proxy, which cannot be read without loading it");
        }
        Object value = guard.unproxy(given);
        Class<?> type = value.getClass();
        DocumentWriters.Lease lease = DocumentWriters.acquire();
        boolean finished = false;
        try {
            BsonBinaryWriter writer = lease.writer;
            Codec<Object> codec = registry.codecFor(type);
            EncodeContext out = new EncodeContext(writer, guard);
            if (codec.writesDocument()) {
                codec.encode(value, out);
            } else {
                writer.writeStartDocument();
                writer.writeName(WRAPPED);
                codec.encode(value, out);
                writer.writeEndDocument();
            }
            finished = true;
            return lease.buffer.toByteArray();
        } catch (RuntimeException | StackOverflowError e) {
            throw exception("Cannot marshal " + type.getName(), MarshalFailure.of(e));
        } finally {
            DocumentWriters.release(lease, finished);
        }
    }

    /**
     * Decodes {@code bytes} into a new {@code type}.
     *
     * @throws MarshalException when the bytes are not one BSON document, or do not fit {@code type}
     */
    public <T> T decode(byte[] bytes, Class<T> type) {
        if (type == null) {
            throw new MarshalException("Cannot unmarshal: no type given");
        }
        String what = "Cannot unmarshal " + type.getName();
        if (bytes == null) {
            throw new MarshalException(what + ": the bytes are null");
        }
        checkFraming(bytes, what);
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes))) {
            Codec<Object> codec = registry.codecFor(type.isPrimitive() ? box(type) : type);
            DecodeContext in = new DecodeContext(reader);
            reader.readBsonType();
            Object value;
            if (codec.writesDocument()) {
                value = codec.decode(in);
            } else {
                value = decodeWrapped(codec, in);
            }
            if (reader.getBsonInput().getPosition() != bytes.length) {
                throw new MarshalFailure("the document ends before the last of the " + bytes.length + " bytes");
            }
            @SuppressWarnings("unchecked")
            T result = (T) value;
            return result;
        } catch (RuntimeException | StackOverflowError e) {
            MarshalFailure failure = MarshalFailure.of(e);
            if (failure.getCause() instanceof BSONException) {
                throw exception(what + " from " + bytes.length + " bytes that are not valid BSON of this marshaler"
                        + " (corrupt, truncated, or written by another marshaler)", failure);
            }
            throw exception(what, failure);
        }
    }

    private static Object decodeWrapped(Codec<Object> codec, DecodeContext in) {
        Object value = null;
        in.reader.readStartDocument();
        while (in.reader.readBsonType() != BsonType.END_OF_DOCUMENT) {
            if (in.reader.readName().equals(WRAPPED)) {
                value = Nulls.decode(codec, in);
            } else {
                in.reader.skipValue();
            }
        }
        in.reader.readEndDocument();
        if (value == null) {
            throw new MarshalFailure("the document holds no value '" + WRAPPED + "'");
        }
        return value;
    }

    /** Cheap checks that catch most foreign bytes (JSON text, a truncated value) with a clear message. */
    private static void checkFraming(byte[] bytes, String what) {
        if (bytes.length < 5) {
            throw new MarshalException(what + ": " + bytes.length + " bytes are too few for a BSON document"
                    + " (corrupt, truncated, or written by another marshaler)");
        }
        int declared = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (declared != bytes.length || bytes[bytes.length - 1] != 0) {
            throw new MarshalException(what + ": the bytes are not one BSON document (its header gives "
                    + declared + " bytes, there are " + bytes.length + "): corrupt, truncated, or written by"
                    + " another marshaler");
        }
    }

    private static MarshalException exception(String what, MarshalFailure failure) {
        StringBuilder message = new StringBuilder(what);
        String path = failure.path();
        if (!path.isEmpty()) {
            message.append(", at '").append(path).append('\'');
            if (failure.field() != null) {
                message.append(" (field ").append(failure.field()).append(')');
            }
        }
        message.append(": ").append(failure.reason());
        return new MarshalException(message.toString(), failure.getCause() == null ? failure : failure.getCause());
    }

    private static Class<?> box(Class<?> primitive) {
        return java.lang.invoke.MethodType.methodType(primitive).wrap().returnType();
    }
}
