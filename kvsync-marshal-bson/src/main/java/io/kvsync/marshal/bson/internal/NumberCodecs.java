package io.kvsync.marshal.bson.internal;

import org.bson.BsonType;

/**
 * Primitives and their wrappers. Narrow integers travel as INT32, {@code long} as INT64, {@code float}
 * as DOUBLE (exact), {@code char} as INT32 (a lone surrogate survives, unlike in a string). Reading
 * accepts any BSON number that converts exactly, so widening a field ({@code int} to {@code long}) is a
 * compatible schema change; a value that would not fit fails.
 */
final class NumberCodecs {

    static final Codec<Integer> INT = new Codec<>() {
        @Override
        public void encode(Integer value, EncodeContext out) {
            out.writer.writeInt32(value);
        }

        @Override
        public Integer decode(DecodeContext in) {
            if (in.type() == BsonType.INT32) {
                return in.reader.readInt32();
            }
            return (int) ranged(readIntegral(in), Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
        }
    };

    static final Codec<Long> LONG = new Codec<>() {
        @Override
        public void encode(Long value, EncodeContext out) {
            out.writer.writeInt64(value);
        }

        @Override
        public Long decode(DecodeContext in) {
            return readIntegral(in);
        }
    };

    static final Codec<Short> SHORT = new Codec<>() {
        @Override
        public void encode(Short value, EncodeContext out) {
            out.writer.writeInt32(value);
        }

        @Override
        public Short decode(DecodeContext in) {
            return (short) ranged(readIntegral(in), Short.MIN_VALUE, Short.MAX_VALUE, "short");
        }
    };

    static final Codec<Byte> BYTE = new Codec<>() {
        @Override
        public void encode(Byte value, EncodeContext out) {
            out.writer.writeInt32(value);
        }

        @Override
        public Byte decode(DecodeContext in) {
            return (byte) ranged(readIntegral(in), Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
        }
    };

    static final Codec<Character> CHAR = new Codec<>() {
        @Override
        public void encode(Character value, EncodeContext out) {
            out.writer.writeInt32(value);
        }

        @Override
        public Character decode(DecodeContext in) {
            return (char) ranged(readIntegral(in), Character.MIN_VALUE, Character.MAX_VALUE, "char");
        }
    };

    static final Codec<Double> DOUBLE = new Codec<>() {
        @Override
        public void encode(Double value, EncodeContext out) {
            out.writer.writeDouble(value);
        }

        @Override
        public Double decode(DecodeContext in) {
            return readFloating(in);
        }
    };

    static final Codec<Float> FLOAT = new Codec<>() {
        @Override
        public void encode(Float value, EncodeContext out) {
            out.writer.writeDouble(value);
        }

        @Override
        public Float decode(DecodeContext in) {
            double value = readFloating(in);
            float narrowed = (float) value;
            if (narrowed != value && !Double.isNaN(value)) {
                throw new MarshalFailure("the number " + value + " does not fit a float exactly");
            }
            return narrowed;
        }
    };

    static final Codec<Boolean> BOOLEAN = new Codec<>() {
        @Override
        public void encode(Boolean value, EncodeContext out) {
            out.writer.writeBoolean(value);
        }

        @Override
        public Boolean decode(DecodeContext in) {
            in.expect(BsonType.BOOLEAN);
            return in.reader.readBoolean();
        }
    };

    private NumberCodecs() {
    }

    /** Any BSON number holding an integer, as a long. */
    static long readIntegral(DecodeContext in) {
        switch (in.type()) {
            case INT32:
                return in.reader.readInt32();
            case INT64:
                return in.reader.readInt64();
            case DOUBLE:
                double value = in.reader.readDouble();
                long integral = (long) value;
                if (integral != value || integral == Long.MAX_VALUE || integral == Long.MIN_VALUE) {
                    throw new MarshalFailure("the number " + value + " is not an exact integer");
                }
                return integral;
            default:
                throw in.mismatch("an integer (INT32 or INT64)");
        }
    }

    private static double readFloating(DecodeContext in) {
        switch (in.type()) {
            case DOUBLE:
                return in.reader.readDouble();
            case INT32:
                return in.reader.readInt32();
            case INT64:
                long value = in.reader.readInt64();
                if ((long) (double) value != value || value == Long.MAX_VALUE) {
                    throw new MarshalFailure("the integer " + value + " does not fit a double exactly");
                }
                return value;
            default:
                throw in.mismatch("a number (DOUBLE, INT32 or INT64)");
        }
    }

    private static long ranged(long value, long min, long max, String type) {
        if (value < min || value > max) {
            throw new MarshalFailure("the number " + value + " does not fit a " + type);
        }
        return value;
    }
}
