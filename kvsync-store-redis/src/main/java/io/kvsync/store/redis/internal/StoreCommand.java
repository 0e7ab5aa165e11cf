package io.kvsync.store.redis.internal;

import io.kvsync.spi.KvWrite;

/**
 * One Redis command of a write batch, already encoded: keys carry the prefix, values their envelope.
 *
 * @param kind                  which command
 * @param key                   the prefixed key, UTF-8
 * @param value                 the bytes to store ({@code null} for {@link Kind#DEL})
 * @param ttlMillis             time to live in milliseconds, 0 for none
 * @param write                 the write a {@link Kind#FENCED} command applies, for telling what the script
 *                              answered; {@code null} for the others
 * @param windowArgument        the script's {@code ARGV[3]}: the window of uncertain hand-overs in
 *                              microseconds ({@link io.kvsync.spi.UncertainOrders#windowMicros()}), as ASCII
 *                              digits shared by the batch's commands; {@code "0"} for none
 */
public record StoreCommand(Kind kind, byte[] key, byte[] value, long ttlMillis, KvWrite write, byte[] windowArgument) {

    /** The window argument that looks for no uncertain hand-over. */
    public static final byte[] NO_WINDOW = {'0'};

    /** A command that applies no fenced write. */
    public StoreCommand(Kind kind, byte[] key, byte[] value, long ttlMillis) {
        this(kind, key, value, ttlMillis, null, NO_WINDOW);
    }

    /** The three commands a batch is made of. */
    public enum Kind {
        /** {@code SET key value [PX ttl]}: an unversioned put. */
        SET,
        /** {@code DEL key}: an unversioned delete. */
        DEL,
        /** The {@link FencedWriteScript}: a versioned put or delete. */
        FENCED
    }

    /** The script's {@code ARGV[2]}: the time to live in milliseconds, {@code 0} for none. */
    public byte[] ttlArgument() {
        return Long.toString(ttlMillis).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Tells {@code uncertain} what the script answered for this command, when it applied a fenced write
     * that met another instance's claim within the window (2: refused, 3: applied).
     */
    public void tell(Object reply, io.kvsync.spi.UncertainOrders uncertain) {
        if (write != null && reply instanceof Long code && code >= 2) {
            uncertain.report(write, null, code == 3);
        }
    }
}
