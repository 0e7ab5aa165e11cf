package io.kvsync.store.redis.internal;

/**
 * One Redis command of a write batch, already encoded: keys carry the prefix, values their envelope.
 *
 * @param kind      which command
 * @param key       the prefixed key, UTF-8
 * @param value     the bytes to store ({@code null} for {@link Kind#DEL})
 * @param ttlMillis time to live in milliseconds, 0 for none
 */
public record StoreCommand(Kind kind, byte[] key, byte[] value, long ttlMillis) {

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
}
