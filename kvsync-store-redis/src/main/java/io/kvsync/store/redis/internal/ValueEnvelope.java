package io.kvsync.store.redis.internal;

import io.kvsync.spi.KvWrite;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How values are laid out in Redis strings, so that a versioned value carries its version (and claim)
 * while plain {@code MGET} still reads it.
 *
 * <p>An unversioned value is stored as its own bytes. Everything else starts with {@link #MAGIC}, then a
 * kind byte:
 * <ul>
 *   <li>{@code V}: a versioned value: an 8-byte version, then the payload;</li>
 *   <li>{@code T}: a tombstone: an 8-byte version, no payload;</li>
 *   <li>{@code v} and {@code t}: the same with a {@link KvWrite.Claim}: the 8-byte version, the claim's
 *       8-byte stamp, its 8-byte born, its 4-byte origin, a 4-byte owner length and the owner's bytes, then the payload
 *       ({@code v}) or nothing ({@code t});</li>
 *   <li>{@code P}: an unversioned value that happens to start with the magic: the payload follows,
 *       escaped so that reading it back is unambiguous.</li>
 * </ul>
 * The magic opens with {@code 0xF5}, a byte that no UTF-8 text (so no JSON) starts with and that BSON
 * only starts with for documents of about 1.9 GB, so escaping is practically never needed, but it keeps
 * the rule exact.
 *
 * <p>In every versioned kind the version sits at the same place (offsets 5 to 12), so that the
 * {@link FencedWriteScript} compares versions of claimed and unclaimed entries alike, and entries written
 * before claims existed are still read and fenced. Versions, stamps and borns are written big-endian with
 * the sign bit flipped, so that the script can compare two of them byte by byte without turning them into
 * (53-bit precise) Lua numbers. The owner is written in UTF-8, so that comparing owners byte by byte
 * orders them by code point, as {@link KvWrite.Claim#commitsAfter} does. Stateless.
 */
public final class ValueEnvelope {

    /** Marks an enveloped value. */
    static final byte[] MAGIC = {(byte) 0xF5, 'k', 'v', 's'};
    static final byte VALUE = 'V';
    static final byte TOMBSTONE = 'T';
    static final byte CLAIMED_VALUE = 'v';
    static final byte CLAIMED_TOMBSTONE = 't';
    static final byte ESCAPED = 'P';
    /** Where the kind byte is. */
    static final int KIND_OFFSET = MAGIC.length;
    /** Magic, kind and version: where the payload of a versioned value starts, and the claim of a claimed one. */
    static final int VERSIONED_HEADER = KIND_OFFSET + 1 + Long.BYTES;
    static final int STAMP_OFFSET = VERSIONED_HEADER;
    static final int BORN_OFFSET = STAMP_OFFSET + Long.BYTES;
    static final int ORIGIN_OFFSET = BORN_OFFSET + Long.BYTES;
    static final int OWNER_LENGTH_OFFSET = ORIGIN_OFFSET + Integer.BYTES;
    /** A claimed envelope's fixed header; the owner's bytes follow it. */
    static final int CLAIMED_HEADER = OWNER_LENGTH_OFFSET + Integer.BYTES;
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
        return header(VALUE, VERSIONED_HEADER + value.length).putLong(flip(version)).put(value).array();
    }

    /** The bytes to store for the tombstone of a delete of {@code version}. */
    public static byte[] tombstone(long version) {
        return header(TOMBSTONE, VERSIONED_HEADER).putLong(flip(version)).array();
    }

    /** The bytes to store for a value of {@code version} written with {@code claim}. */
    public static byte[] versioned(byte[] value, long version, KvWrite.Claim claim) {
        byte[] owner = owner(claim);
        return claimedHeader(CLAIMED_VALUE, version, claim, owner, value.length).put(value).array();
    }

    /** The bytes to store for the tombstone of a delete of {@code version} written with {@code claim}. */
    public static byte[] tombstone(long version, KvWrite.Claim claim) {
        return claimedHeader(CLAIMED_TOMBSTONE, version, claim, owner(claim), 0).array();
    }

    /**
     * A copy of the claimed envelope {@code claimed} ({@link #versioned(byte[], long, KvWrite.Claim)} or
     * {@link #tombstone(long, KvWrite.Claim)}) whose claim carries {@code born} instead: what the
     * {@link FencedWriteScript} stores when {@link KvWrite#admit} gives the entry another incarnation stamp.
     */
    static byte[] withBorn(byte[] claimed, long born) {
        byte[] copy = claimed.clone();
        ByteBuffer.wrap(copy).putLong(BORN_OFFSET, flip(born));
        return copy;
    }

    /**
     * The value held in {@code stored}, or {@code null} for a tombstone.
     *
     * @throws IllegalArgumentException when {@code stored} is an envelope of a kind this version does not
     *                                  know, or is cut short
     */
    public static byte[] open(byte[] stored) {
        if (!startsWithMagic(stored)) {
            return stored;
        }
        byte kind = stored.length > KIND_OFFSET ? stored[KIND_OFFSET] : 0;
        switch (kind) {
            case VALUE -> {
                if (stored.length >= VERSIONED_HEADER) {
                    return Arrays.copyOfRange(stored, VERSIONED_HEADER, stored.length);
                }
            }
            case TOMBSTONE -> {
                if (stored.length == VERSIONED_HEADER) {
                    return null;
                }
            }
            case CLAIMED_VALUE -> {
                return Arrays.copyOfRange(stored, claimedPayloadStart(stored), stored.length);
            }
            case CLAIMED_TOMBSTONE -> {
                int end = claimedPayloadStart(stored);
                if (end == stored.length) {
                    return null;
                }
                throw new IllegalArgumentException("a claimed KVSync tombstone of " + stored.length + " bytes has "
                        + (stored.length - end) + " byte(s) after its " + end + "-byte header, where it has none;"
                        + " it was not written by this version of kvsync-store-redis");
            }
            case ESCAPED -> {
                return Arrays.copyOfRange(stored, ESCAPED_HEADER, stored.length);
            }
            default -> {
                // Falls through to the error below.
            }
        }
        throw new IllegalArgumentException("a value of " + stored.length + " bytes starts with the KVSync envelope"
                + " marker but has an unknown layout (kind byte " + (kind & 0xFF) + "); it was not written by this"
                + " version of kvsync-store-redis");
    }

    /**
     * What {@code stored} holds as {@link KvWrite#admit} sees it: what the {@link FencedWriteScript} decides
     * on, decoded (for tests and diagnostics; reads use {@link #open}).
     *
     * @return the version, kind and claim; {@link KvWrite#UNVERSIONED} without a claim for an unversioned value
     * @throws IllegalArgumentException as {@link #open} does
     */
    static KvWrite.Held held(byte[] stored) {
        byte[] opened = open(stored);
        if (!startsWithMagic(stored) || stored[KIND_OFFSET] == ESCAPED) {
            return new KvWrite.Held(KvWrite.UNVERSIONED, false, null);
        }
        ByteBuffer header = ByteBuffer.wrap(stored);
        long version = flip(header.getLong(KIND_OFFSET + 1));
        byte kind = stored[KIND_OFFSET];
        if (kind == VALUE || kind == TOMBSTONE) {
            return new KvWrite.Held(version, opened == null, null);
        }
        int ownerLength = header.getInt(OWNER_LENGTH_OFFSET);
        String owner = decodeOwner(stored, CLAIMED_HEADER, ownerLength);
        KvWrite.Claim claim = new KvWrite.Claim(owner, flip(header.getLong(STAMP_OFFSET)), flip(header.getLong(BORN_OFFSET)),
                header.getInt(ORIGIN_OFFSET));
        return new KvWrite.Held(version, opened == null, claim);
    }

    /** Where a claimed envelope's payload starts, after its owner; checks that the header is all there. */
    private static int claimedPayloadStart(byte[] stored) {
        if (stored.length < CLAIMED_HEADER) {
            throw truncated(stored, CLAIMED_HEADER);
        }
        int ownerLength = ByteBuffer.wrap(stored).getInt(OWNER_LENGTH_OFFSET);
        if (ownerLength < 0 || ownerLength > stored.length - CLAIMED_HEADER) {
            throw truncated(stored, CLAIMED_HEADER + (long) ownerLength);
        }
        return CLAIMED_HEADER + ownerLength;
    }

    private static IllegalArgumentException truncated(byte[] stored, long needed) {
        return new IllegalArgumentException("a claimed KVSync envelope (kind '" + (char) stored[KIND_OFFSET] + "') of "
                + stored.length + " bytes is cut short: its header alone takes " + needed + " bytes");
    }

    private static ByteBuffer claimedHeader(byte kind, long version, KvWrite.Claim claim, byte[] owner, int payloadLength) {
        return header(kind, CLAIMED_HEADER + owner.length + payloadLength)
                .putLong(flip(version)).putLong(flip(claim.stamp())).putLong(flip(claim.born()))
                .putInt(claim.origin()).putInt(owner.length).put(owner);
    }

    /**
     * The owner's bytes: UTF-8, except that a lone surrogate (which {@link String#getBytes} would turn into
     * {@code ?}, merging distinct owners) is written as the three bytes of its code unit. Either way the
     * bytes compare like the owners' code points, which is the order of {@link KvWrite.Claim#commitsAfter}.
     */
    private static byte[] owner(KvWrite.Claim claim) {
        String owner = claim.owner();
        byte[] bytes = new byte[owner.length() * 3];
        int length = 0;
        for (int i = 0; i < owner.length(); ) {
            int c = owner.codePointAt(i);
            i += Character.charCount(c);
            if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else if (c < 0x800) {
                bytes[length++] = (byte) (0xC0 | c >> 6);
                bytes[length++] = (byte) (0x80 | c & 0x3F);
            } else if (c < 0x10000) {
                bytes[length++] = (byte) (0xE0 | c >> 12);
                bytes[length++] = (byte) (0x80 | c >> 6 & 0x3F);
                bytes[length++] = (byte) (0x80 | c & 0x3F);
            } else {
                // Two chars in, four bytes out: the array's three bytes per char suffice.
                bytes[length++] = (byte) (0xF0 | c >> 18);
                bytes[length++] = (byte) (0x80 | c >> 12 & 0x3F);
                bytes[length++] = (byte) (0x80 | c >> 6 & 0x3F);
                bytes[length++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return Arrays.copyOf(bytes, length);
    }

    /** The inverse of {@link #owner}. */
    private static String decodeOwner(byte[] bytes, int from, int length) {
        StringBuilder owner = new StringBuilder(length);
        int i = from;
        int end = from + length;
        while (i < end) {
            int lead = bytes[i++] & 0xFF;
            int extra = lead < 0x80 ? 0 : lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
            int c = extra == 0 ? lead : lead & (0x3F >> extra);
            for (int k = 0; k < extra; k++) {
                c = c << 6 | bytes[i++] & 0x3F;
            }
            owner.appendCodePoint(c);
        }
        return owner.toString();
    }

    private static long flip(long number) {
        return number ^ Long.MIN_VALUE;
    }

    private static boolean startsWithMagic(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    private static ByteBuffer header(byte kind, int length) {
        return ByteBuffer.allocate(length).put(MAGIC).put(kind);
    }
}
