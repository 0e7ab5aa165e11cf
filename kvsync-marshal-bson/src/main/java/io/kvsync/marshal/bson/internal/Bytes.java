package io.kvsync.marshal.bson.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian numbers in byte arrays, for the binary encodings of UUIDs and big numbers. */
final class Bytes {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {
    }

    static void putLong(byte[] bytes, int offset, long value) {
        LONGS.set(bytes, offset, value);
    }

    static long getLong(byte[] bytes, int offset) {
        return (long) LONGS.get(bytes, offset);
    }

    static void putInt(byte[] bytes, int offset, int value) {
        INTS.set(bytes, offset, value);
    }

    static int getInt(byte[] bytes, int offset) {
        return (int) INTS.get(bytes, offset);
    }
}
