package io.kvsync.store.hazelcast.internal;

import io.kvsync.spi.KvWrite;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What the store keeps in the map under a key: a value or a tombstone, with the version (and the
 * {@link KvWrite.Claim}) it was written with, in front of the value's bytes. Keeping them beside the
 * value (rather than in a second map) lets one entry processor compare and replace all of it atomically,
 * and lets a read of one entry tell a tombstone from a value.
 *
 * <p>Layout: a marker byte {@code 'k'}, a kind byte, the version as 8 bytes big-endian
 * ({@link KvWrite#UNVERSIONED} when none); then, for the claimed kinds, the claim's stamp and born (8
 * bytes each), its origin (4 bytes), the owner's length in chars (4 bytes) and its chars (2 bytes each, so that any string,
 * lone surrogates included, comes back unchanged); then the value's bytes (none for a tombstone). Kinds:
 * 1 value, 2 tombstone, 3 claimed value, 4 claimed tombstone. Entries written before claims existed
 * (kinds 1 and 2) are still read. Immutable; thread-safe.
 */
public final class Envelope {

    /** Bytes in front of the value of an unclaimed envelope. */
    public static final int HEADER_BYTES = 10;
    /** Bytes in front of the owner's chars in a claimed envelope. */
    static final int CLAIMED_HEADER_BYTES = HEADER_BYTES + 2 * Long.BYTES + 2 * Integer.BYTES;

    private static final byte MARKER = 'k';
    private static final byte VALUE = 1;
    private static final byte TOMBSTONE = 2;
    private static final byte CLAIMED_VALUE = 3;
    private static final byte CLAIMED_TOMBSTONE = 4;

    private final byte[] bytes;
    private final int valueStart;

    private Envelope(byte[] bytes, int valueStart) {
        this.bytes = bytes;
        this.valueStart = valueStart;
    }

    /** The envelope of {@code value} written with {@code version}; the bytes are copied. */
    public static byte[] value(long version, byte[] value) {
        return value(version, null, value);
    }

    /** The envelope of a tombstone of {@code version}. */
    public static byte[] tombstone(long version) {
        return tombstone(version, null);
    }

    /**
     * The envelope of {@code value} written with {@code version} and {@code claim} (or none); the bytes
     * are copied.
     */
    public static byte[] value(long version, KvWrite.Claim claim, byte[] value) {
        ByteBuffer buffer = header(claim == null ? VALUE : CLAIMED_VALUE, version, claim, value.length);
        return buffer.put(value).array();
    }

    /** The envelope of a tombstone of {@code version} written with {@code claim} (or none). */
    public static byte[] tombstone(long version, KvWrite.Claim claim) {
        return header(claim == null ? TOMBSTONE : CLAIMED_TOMBSTONE, version, claim, 0).array();
    }

    /**
     * Reads what the map holds.
     *
     * @return the envelope, or {@code null} when the bytes were not written by this store (another
     *         application shares the map, or a different format)
     */
    public static Envelope parse(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_BYTES || bytes[0] != MARKER) {
            return null;
        }
        int valueStart;
        switch (bytes[1]) {
            case VALUE, TOMBSTONE -> valueStart = HEADER_BYTES;
            case CLAIMED_VALUE, CLAIMED_TOMBSTONE -> {
                if (bytes.length < CLAIMED_HEADER_BYTES) {
                    return null;
                }
                int ownerChars = ByteBuffer.wrap(bytes).getInt(CLAIMED_HEADER_BYTES - Integer.BYTES);
                if (ownerChars < 1 || ownerChars > (bytes.length - CLAIMED_HEADER_BYTES) / 2) {
                    return null;
                }
                valueStart = CLAIMED_HEADER_BYTES + 2 * ownerChars;
            }
            default -> {
                return null;
            }
        }
        boolean tombstone = bytes[1] == TOMBSTONE || bytes[1] == CLAIMED_TOMBSTONE;
        return tombstone && bytes.length != valueStart ? null : new Envelope(bytes, valueStart);
    }

    /** Whether this is the tombstone of a versioned delete rather than a value. */
    public boolean isTombstone() {
        return bytes[1] == TOMBSTONE || bytes[1] == CLAIMED_TOMBSTONE;
    }

    /** The version it was written with, or {@link KvWrite#UNVERSIONED}. */
    public long version() {
        return ByteBuffer.wrap(bytes).getLong(2);
    }

    /** The claim it was written with, carrying the incarnation {@link KvWrite#admit} gave it, or {@code null}. */
    public KvWrite.Claim claim() {
        if (bytes[1] != CLAIMED_VALUE && bytes[1] != CLAIMED_TOMBSTONE) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long stamp = buffer.getLong(HEADER_BYTES);
        long born = buffer.getLong(HEADER_BYTES + Long.BYTES);
        int origin = buffer.getInt(HEADER_BYTES + 2 * Long.BYTES);
        char[] owner = new char[(valueStart - CLAIMED_HEADER_BYTES) / 2];
        buffer.position(CLAIMED_HEADER_BYTES).asCharBuffer().get(owner);
        return new KvWrite.Claim(new String(owner), stamp, born, origin);
    }

    /** What this envelope holds, as {@link KvWrite#admit} sees it. */
    public KvWrite.Held held() {
        return new KvWrite.Held(version(), isTombstone(), claim());
    }

    /** A new array holding the value's bytes; empty for a tombstone. */
    public byte[] copyOfValue() {
        return Arrays.copyOfRange(bytes, valueStart, bytes.length);
    }

    private static ByteBuffer header(byte kind, long version, KvWrite.Claim claim, int valueLength) {
        int ownerChars = claim == null ? 0 : claim.owner().length();
        int headerBytes = claim == null ? HEADER_BYTES : CLAIMED_HEADER_BYTES + 2 * ownerChars;
        ByteBuffer buffer = ByteBuffer.allocate(headerBytes + valueLength).put(MARKER).put(kind).putLong(version);
        if (claim != null) {
            buffer.putLong(claim.stamp()).putLong(claim.born()).putInt(claim.origin()).putInt(ownerChars);
            for (int i = 0; i < ownerChars; i++) {
                buffer.putChar(claim.owner().charAt(i));
            }
        }
        return buffer;
    }
}
