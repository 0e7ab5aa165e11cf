package io.kvsync.marshal.bson.internal;

import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonType;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Values stored as BSON binary: {@code byte[]} (generic subtype), and exact big numbers (user-defined
 * subtype 0x80). A {@link BigDecimal} is its scale (4 bytes) then its unscaled value in two's
 * complement: BSON's Decimal128 holds only 34 digits and a bounded exponent, this holds every value
 * and keeps the scale, so {@code 1.50} reads back as {@code 1.50}, not {@code 1.5}.
 */
final class BinaryCodecs {

    private static final byte BIG_NUMBER = BsonBinarySubType.USER_DEFINED.getValue();

    static final Codec<byte[]> BYTES = new Codec<>() {
        @Override
        public void encode(byte[] value, EncodeContext out) {
            out.writer.writeBinaryData(new BsonBinary(value));
        }

        @Override
        public byte[] decode(DecodeContext in) {
            in.expect(BsonType.BINARY);
            return in.reader.readBinaryData().getData();
        }
    };

    static final Codec<BigInteger> BIG_INTEGER = new Codec<>() {
        @Override
        public void encode(BigInteger value, EncodeContext out) {
            out.writer.writeBinaryData(new BsonBinary(BIG_NUMBER, value.toByteArray()));
        }

        @Override
        public BigInteger decode(DecodeContext in) {
            byte[] bytes = bigNumber(in, 1);
            return new BigInteger(bytes);
        }
    };

    static final Codec<BigDecimal> BIG_DECIMAL = new Codec<>() {
        @Override
        public void encode(BigDecimal value, EncodeContext out) {
            byte[] unscaled = value.unscaledValue().toByteArray();
            byte[] bytes = new byte[4 + unscaled.length];
            Bytes.putInt(bytes, 0, value.scale());
            System.arraycopy(unscaled, 0, bytes, 4, unscaled.length);
            out.writer.writeBinaryData(new BsonBinary(BIG_NUMBER, bytes));
        }

        @Override
        public BigDecimal decode(DecodeContext in) {
            if (in.type() == BsonType.DECIMAL128) {
                // Written by another tool: Decimal128 converts exactly, scale included.
                return in.reader.readDecimal128().bigDecimalValue();
            }
            byte[] bytes = bigNumber(in, 5);
            return new BigDecimal(new BigInteger(bytes, 4, bytes.length - 4), Bytes.getInt(bytes, 0));
        }
    };

    private BinaryCodecs() {
    }

    private static byte[] bigNumber(DecodeContext in, int minimumLength) {
        in.expect(BsonType.BINARY);
        BsonBinary binary = in.reader.readBinaryData();
        byte[] bytes = binary.getData();
        if (binary.getType() != BIG_NUMBER || bytes.length < minimumLength) {
            throw new MarshalFailure("expected a big number (binary subtype 0x80, at least " + minimumLength
                    + " bytes) but the bytes hold binary subtype " + binary.getType() + " of " + bytes.length + " bytes");
        }
        return bytes;
    }
}
