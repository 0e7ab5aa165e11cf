package io.kvsync.marshal.bson.internal;

import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonType;

import java.util.UUID;

/**
 * {@link String} as a BSON string; {@link UUID} as 16 bytes of BSON binary subtype 4 (standard UUID).
 *
 * <p>A BSON string is UTF-8, which cannot hold an unpaired surrogate (a Java string can: half an
 * emoji cut by {@code substring}). Such a rare string is stored as its UTF-16 bytes in binary subtype
 * 0x81 instead, so that it too reads back unchanged.
 */
final class TextCodecs {

    private static final byte UTF_16 = (byte) 0x81;

    static final Codec<String> STRING = new Codec<>() {
        @Override
        public void encode(String value, EncodeContext out) {
            if (isValidUtf16(value)) {
                out.writer.writeString(value);
            } else {
                out.writer.writeBinaryData(new BsonBinary(UTF_16, chars(value)));
            }
        }

        @Override
        public String decode(DecodeContext in) {
            if (in.type() == BsonType.STRING) {
                return in.reader.readString();
            }
            if (in.type() == BsonType.BINARY && in.reader.peekBinarySubType() == UTF_16) {
                return string(in.reader.readBinaryData().getData());
            }
            throw in.mismatch("STRING");
        }
    };

    static final Codec<UUID> UUID_CODEC = new Codec<>() {
        @Override
        public void encode(UUID value, EncodeContext out) {
            byte[] bytes = new byte[16];
            Bytes.putLong(bytes, 0, value.getMostSignificantBits());
            Bytes.putLong(bytes, 8, value.getLeastSignificantBits());
            out.writer.writeBinaryData(new BsonBinary(BsonBinarySubType.UUID_STANDARD, bytes));
        }

        @Override
        public UUID decode(DecodeContext in) {
            if (in.type() == BsonType.STRING) {
                return UUID.fromString(in.reader.readString());
            }
            in.expect(BsonType.BINARY);
            byte[] bytes = in.reader.readBinaryData().getData();
            if (bytes.length != 16) {
                throw new MarshalFailure("a UUID needs 16 bytes, the bytes hold " + bytes.length);
            }
            return new UUID(Bytes.getLong(bytes, 0), Bytes.getLong(bytes, 8));
        }
    };

    private TextCodecs() {
    }

    /** The UTF-16 code units, big-endian; by hand, since the JDK's charsets replace an unpaired surrogate. */
    private static byte[] chars(String text) {
        byte[] bytes = new byte[text.length() * 2];
        for (int i = 0; i < text.length(); i++) {
            bytes[2 * i] = (byte) (text.charAt(i) >> 8);
            bytes[2 * i + 1] = (byte) text.charAt(i);
        }
        return bytes;
    }

    private static String string(byte[] bytes) {
        if (bytes.length % 2 != 0) {
            throw new MarshalFailure("UTF-16 text needs an even number of bytes, the bytes hold " + bytes.length);
        }
        char[] chars = new char[bytes.length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) ((bytes[2 * i] & 0xFF) << 8 | (bytes[2 * i + 1] & 0xFF));
        }
        return new String(chars);
    }

    /** True unless {@code text} holds a surrogate that is not part of a pair. */
    static boolean isValidUtf16(String text) {
        for (int i = 0, length = text.length(); i < length; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }
}
