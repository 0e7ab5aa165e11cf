package io.kvsync.store.redis.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How values are laid out in Redis strings, so that a versioned value carries its version while plain
 * {@code MGET} still reads it.
 *
 * <p>An unversioned value is stored as its own bytes. Everything else starts with {@link #MAGIC}, then a
 * kind byte: {@code V} (versioned value: an 8-byte version, then the payload), {@code T} (tombstone:
 * an 8-byte version, no payload) or {@code P} (an unversioned value that happens to start with the
 * magic: the payload follows, escaped so that reading it back is unambiguous). The magic opens with
 * {@code 0xF5}, a byte that no UTF-8 text (so no JSON) starts with and that BSON only starts with for
 * documents of about 1.9 GB, so escaping is practically never needed, but it keeps the rule exact.
 *
 * <p>Versions are written big-endian with the sign bit flipped, so that the Lua script can compare two
 * versions byte by byte without turning them into (53-bit precise) Lua numbers. Stateless.
 */
public final class ValueEnvelope {

    /** Marks an enveloped value. */
    static final byte[] MAGIC = {(byte) 0xF5, 'k', 'v', 's'};
    static final byte VALUE = 'V';
    static final byte TOMBSTONE = 'T';
    static final byte ESCAPED = 'P';
    /** Magic, kind and version: where the payload of a versioned value starts. */
    static final int VERSIONED_HEADER = MAGIC.length + 1 + Long.BYTES;
    private static final int ESCAPED_HEADER = MAGIC.length + 1;

    private ValueEnvelope() {
    }

    /** The bytes to store for an unversioned value: the value itself unless it could be mistaken for an envelope. */
    public static byte[] plain(byte[] value) {
        if (!startsWithMagic(value)) {
            return value;
        }
        return header(ESCAPED, ESCAPED_HEADER + value.length).put(value).array();
    }

    /** The bytes to store for a value of {@code version}. */
    public static byte[] versioned(byte[] value, long version) {
        return header(VALUE, VERSIONED_HEADER + value.length).putLong(version ^ Long.MIN_VALUE).put(value).array();
    }

    /** The bytes to store for the tombstone of a delete of {@code version}. */
    public static byte[] tombstone(long version) {
        return header(TOMBSTONE, VERSIONED_HEADER).putLong(version ^ Long.MIN_VALUE).array();
    }

    /**
     * The value held in {@code stored}, or {@code null} for a tombstone.
     *
     * @throws IllegalArgumentException when {@code stored} is an envelope of a kind this version does not know
     */
    public static byte[] open(byte[] stored) {
        if (!startsWithMagic(stored)) {
            return stored;
        }
        byte kind = stored.length > MAGIC.length ? stored[MAGIC.length] : 0;
        if (kind == VALUE && stored.length >= VERSIONED_HEADER) {
            return Arrays.copyOfRange(stored, VERSIONED_HEADER, stored.length);
        }
        if (kind == TOMBSTONE && stored.length == VERSIONED_HEADER) {
            return null;
        }
        if (kind == ESCAPED) {
            return Arrays.copyOfRange(stored, ESCAPED_HEADER, stored.length);
        }
        throw new IllegalArgumentException("a value of " + stored.length + " bytes starts with the KVSync envelope"
                + " marker but has an unknown layout (kind byte " + (kind & 0xFF) + "); it was not written by this"
                + " version of kvsync-store-redis");
    }

    private static boolean startsWithMagic(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static ByteBuffer header(byte kind, int length) {
        return ByteBuffer.allocate(length).put(MAGIC).put(kind);
    }
}
