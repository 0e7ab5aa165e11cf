package io.kvsync.store.memory;

import io.kvsync.spi.KvWrite;

import java.time.Duration;

/**
 * What the memory store holds under a key: a value, or the tombstone of a versioned delete (read as
 * absent), with the version and claim it was written with and when it expires.
 *
 * <p>The expiry is an absolute instant on the store's ticker, not a lifetime: a write rejected by the
 * version rule puts the same entry back, and must not extend its life by doing so.
 */
final class StoredEntry {

    /** Beyond this, ttls are treated as "never": it keeps deadline arithmetic clear of overflow. */
    private static final Duration LONGEST_TTL = Duration.ofDays(100 * 365);
    /** Rough cost of a cache node, the entry and the array headers, so tiny entries still count. */
    private static final int OVERHEAD_BYTES = 96;

    private final byte[] value;
    private final long version;
    /** The claim of the write that left this entry, with the incarnation stamp the rule gave it; or null. */
    private final KvWrite.Claim claim;
    private final boolean expires;
    private final long expiresAtNanos;

    private StoredEntry(byte[] value, long version, KvWrite.Claim claim, Duration ttl, long nowNanos) {
        this.value = value;
        this.version = version;
        this.claim = claim;
        this.expires = ttl != null && ttl.compareTo(LONGEST_TTL) < 0;
        this.expiresAtNanos = expires ? nowNanos + ttl.toNanos() : 0;
    }

    /** A value; {@code ttl} null means it never expires. The array is kept, not copied. */
    static StoredEntry value(byte[] value, long version, KvWrite.Claim claim, Duration ttl, long nowNanos) {
        return new StoredEntry(value, version, claim, ttl, nowNanos);
    }

    /** A tombstone of {@code version} that lives for {@code ttl}. */
    static StoredEntry tombstone(long version, KvWrite.Claim claim, Duration ttl, long nowNanos) {
        return new StoredEntry(null, version, claim, ttl, nowNanos);
    }

    /** This entry as the fencing rule of {@link KvWrite#admit} sees it. */
    KvWrite.Held held() {
        return new KvWrite.Held(version, value == null, claim);
    }

    boolean isTombstone() {
        return value == null;
    }

    /** A copy of the value, so that callers cannot change what the store holds; null for a tombstone. */
    byte[] copyOfValue() {
        return value == null ? null : value.clone();
    }

    /** Nanoseconds from {@code nowNanos} until expiry; {@link Long#MAX_VALUE} when it never expires. */
    long nanosUntilExpiry(long nowNanos) {
        return expires ? Math.max(0, expiresAtNanos - nowNanos) : Long.MAX_VALUE;
    }

    /** Approximate bytes this entry occupies under {@code key}. */
    int weight(String key) {
        long bytes = 2L * key.length() + (value == null ? 0 : value.length)
                + (claim == null ? 0 : 2L * claim.owner().length()) + OVERHEAD_BYTES;
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
