package io.kvsync.store.hazelcast.internal;

import io.kvsync.spi.KvWrite;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the store keeps in the map under a key: a value or a tombstone, with the version it was written
 * with, in front of the value's bytes. Keeping the version beside the value (rather than in a second
 * map) lets one entry processor compare and replace both atomically, and lets a read of one entry
 * tell a tombstone from a value.
 *
 * <p>Layout: a marker byte {@code 'k'}, a kind byte (1 value, 2 tombstone), the version as 8 bytes
 * big-endian ({@link KvWrite#UNVERSIONED} when none), then the value's bytes (none for a tombstone).
 * Immutable; thread-safe.
 */
public final class Envelope {

    /** Bytes in front of the value. */
    public static final int HEADER_BYTES = 10;

    private static final byte MARKER = 'k';
    private static final byte VALUE = 1;
    private static final byte TOMBSTONE = 2;

    private final byte[] bytes;

    private Envelope(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The envelope of {@code value} written with {@code version}; the bytes are copied. */
    public static byte[] value(long version, byte[] value) {
        byte[] bytes = header(HEADER_BYTES + value.length, VALUE, version);
        System.arraycopy(value, 0, bytes, HEADER_BYTES, value.length);
        return bytes;
    }

    /** The envelope of a tombstone of {@code version}. */
    public static byte[] tombstone(long version) {
        return header(HEADER_BYTES, TOMBSTONE, version);
    }

    /**
     * Reads what the map holds.
     *
     * @return the envelope, or {@code null} when the bytes were not written by this store (another
     *         application shares the map, or a different format)
     */
    public static Envelope parse(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES || bytes[0] != MARKER
                || (bytes[1] != VALUE && bytes[1] != TOMBSTONE)
                || (bytes[1] == TOMBSTONE && bytes.length != HEADER_BYTES)) {
            return null;
        }
        return new Envelope(bytes);
    }

    /** Whether this is the tombstone of a versioned delete rather than a value. */
    public boolean isTombstone() {
        return bytes[1] == TOMBSTONE;
    }

    /** The version it was written with, or {@link KvWrite#UNVERSIONED}. */
    public long version() {
        return ByteBuffer.wrap(bytes, 2, Long.BYTES).getLong();
    }

    /** A new array holding the value's bytes; empty for a tombstone. */
    public byte[] copyOfValue() {
        return Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length);
    }

    private static byte[] header(int length, byte kind, long version) {
        byte[] bytes = new byte[length];
        bytes[0] = MARKER;
        bytes[1] = kind;
        ByteBuffer.wrap(bytes, 2, Long.BYTES).putLong(version);
        return bytes;
    }
}
