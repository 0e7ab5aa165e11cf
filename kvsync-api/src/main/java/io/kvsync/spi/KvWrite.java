package io.kvsync.spi;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * One change to apply to a {@link KvStore}: a {@link Put} of bytes under a key, or a {@link Delete}.
 *
 * <p><b>Versions.</b> When the entity carries an optimistic-lock version (JPA {@code @Version}),
 * {@link #version()} holds it and the store applies the write only if it is <em>newer</em> than the
 * version it holds for the key, so that a late writer (another JVM, a retried batch) cannot bring
 * back older state. A versioned delete also removes a value of its <em>own</em> version (JPA does not
 * change {@code @Version} on delete), and leaves a tombstone, read as absent, that keeps blocking puts
 * of its version and older for a store-configured time. {@link #UNVERSIONED} writes are applied unconditionally and clear
 * any version or tombstone held for the key.
 *
 * <p><b>Claims.</b> A version orders the states of one row; it says nothing about two rows. When a key
 * passes from one row to another (a row deleted and its natural key inserted again, an email taken over
 * by another customer), the write also carries a {@link Claim}: which row it speaks for and when that
 * row's change committed. {@link #admit(Held)} states the whole rule; every store applies it atomically
 * per key, and the engine applies it when it coalesces pending writes of one key.
 *
 * <p>Instances are immutable; a {@code Put}'s byte array must not be modified once it is created.
 */
public sealed interface KvWrite permits KvWrite.Put, KvWrite.Delete {

    /** The version of a write whose entity has none: applied unconditionally. */
    long UNVERSIONED = io.kvsync.api.Syncable.UNVERSIONED;

    /** The key, without any store-side prefix. */
    String key();

    /** The entity's version, or {@link #UNVERSIONED}. */
    long version();

    /**
     * Which row this write speaks for and when its change committed, or {@code null} when unknown (a write
     * without identity, or from before claims existed): such a write is fenced by its version alone.
     */
    Claim claim();

    /** Returns {@code true} when {@link #version()} is not {@link #UNVERSIONED}. */
    default boolean versioned() {
        return version() != UNVERSIONED;
    }

    /**
     * The versioning rule every store applies (and the engine when it coalesces pending writes): may
     * this write replace what is held for its key?
     *
     * @param currentVersion the version held for the key, or {@link #UNVERSIONED} (also when nothing is held)
     * @param currentDeleted whether what is held is a tombstone rather than a value
     */
    default boolean supersedes(long currentVersion, boolean currentDeleted) {
        if (!versioned() || currentVersion == UNVERSIONED) {
            return true;
        }
        if (this instanceof Delete && !currentDeleted) {
            // JPA leaves @Version unchanged on delete: the delete of version 5 must remove value 5.
            return version() >= currentVersion;
        }
        return version() > currentVersion;
    }

    /**
     * The fencing rule every store applies, and the engine when it coalesces pending writes of one key:
     * may this write replace {@code held}, and if so, which incarnation stamp ({@link Claim#born()}) must
     * the entry it leaves carry?
     *
     * <ol>
     *   <li>Over nothing, and whenever this write or what is held is unversioned: applies (an unversioned
     *       write clears any version or tombstone).</li>
     *   <li>When this write or what is held carries no {@link Claim}: the version rule of
     *       {@link #supersedes}.</li>
     *   <li>Claims of different owners: the later commit wins, by {@link Claim#stamp()}, puts and deletes
     *       alike (the database let the later transaction take the key only once the earlier one let it
     *       go). Equal stamps mean one transaction (or a tie of two clocks): a put wins over a delete,
     *       because a row whose state in that transaction holds the key is the row that has it when the
     *       transaction ends (a swap of two rows' values deletes each value from one row and puts it on the
     *       other, in any statement order); otherwise the owner later in code point order wins, so that
     *       every store picks the same winner. The entry the winner leaves carries its stamp as
     *       {@link Claim#born()}: the row holds the key from then on.</li>
     *   <li>Claims of one owner: a write of a later incarnation of the row (born after what is held was
     *       written) applies; a write from before the held incarnation was born is refused; a delete over the
     *       row's tombstone with a later stamp is a later incarnation's delete and applies, born just after
     *       that tombstone; otherwise the version rule of {@link #supersedes} orders the two states of the
     *       row.</li>
     * </ol>
     *
     * @param held what the store holds for the key, or {@code null} when nothing (or an expired entry)
     * @return the {@link Claim#born()} the entry left by this write carries ({@code 0} when unknown), or
     *         {@link #REFUSED} when the write must not apply
     */
    default long admit(Held held) {
        Claim mine = claim();
        if (held == null || !versioned() || held.version() == UNVERSIONED) {
            return mine == null ? 0 : mine.born();
        }
        Claim theirs = held.claim();
        if (mine == null || theirs == null) {
            return supersedes(held.version(), held.tombstone()) ? (mine == null ? 0 : mine.born()) : REFUSED;
        }
        if (!mine.owner().equals(theirs.owner())) {
            if (mine.stamp() == theirs.stamp() && (this instanceof Delete) != held.tombstone()) {
                return this instanceof Put ? mine.stamp() : REFUSED;
            }
            // The entry the winner leaves holds the key for its row from this stamp on: the row's own writes
            // from before it are from before it took the key (an earlier incarnation's, whose versions may
            // be higher, or states the row held before it gave the key away) and must stay out.
            return mine.commitsAfter(theirs) ? mine.stamp() : REFUSED;
        }
        if (mine.born() > theirs.stamp()) {
            return mine.born();
        }
        if (mine.stamp() < theirs.born()) {
            return REFUSED;
        }
        if (this instanceof Delete && held.tombstone() && mine.stamp() > theirs.stamp()) {
            // A row is deleted once per incarnation: a later delete of a deleted row is a later incarnation's,
            // born after the tombstone held. It takes the key's fence over (its insert may still be on its
            // way, and must find this tombstone rather than the older one).
            return Math.max(mine.born(), theirs.stamp() + 1);
        }
        return supersedes(held.version(), held.tombstone()) ? Math.max(mine.born(), theirs.born()) : REFUSED;
    }

    /** What {@link #admit} returns for a write that must not apply. */
    long REFUSED = -1;

    /**
     * Whether this write and {@code held} are claims of two rows whose stamps were drawn by two instances
     * (two clocks, {@link Claim#origin()}) less than {@code windowMicros} apart: {@link #admit} still picks
     * the later stamp, but which of the two commits came first is not certain when the clocks may differ
     * by that much. Stores tell such decisions to {@link UncertainOrders}, so that the key can be checked.
     *
     * @param held         what the store holds for the key, or {@code null}
     * @param windowMicros how far apart (in stamp units, microseconds) the clocks of two instances may be;
     *                     {@code 0} or less: never uncertain
     */
    default boolean uncertainOrder(Held held, long windowMicros) {
        Claim mine = claim();
        Claim theirs = held == null ? null : held.claim();
        if (windowMicros <= 0 || mine == null || theirs == null || !versioned() || held.version() == UNVERSIONED) {
            return false;
        }
        return mine.origin() != 0 && theirs.origin() != 0 && mine.origin() != theirs.origin()
                && !mine.owner().equals(theirs.owner()) && Math.abs(mine.stamp() - theirs.stamp()) < windowMicros;
    }

    /**
     * Which row a write speaks for, and when.
     *
     * @param owner the row: its entity type and identifier, e.g. {@code com.example.Customer:42}; rows of
     *              one owner are states of one row, rows of two owners are two rows
     * @param stamp when the change committed, in microseconds of a clock that never runs backwards in one
     *              process (drawn just before the commit); positive
     * @param born  from when the row holds the key: the stamp of the insert that began the row's current
     *              incarnation, when this change is that insert or it is known, or (in what a store holds)
     *              the stamp of the write that took the key from another row; {@code 0} when unknown. A row
     *              deleted and inserted again under the same identifier is a new incarnation, whose versions
     *              start again, and a row that gave a key away and took it back may meet its own writes from
     *              before: only this stamp tells them from the current ones.
     * @param origin which instance's clock drew {@code stamp} (any number other than {@code 0}, the same for
     *              every stamp of one process); {@code 0} when unknown. Only compared, to tell claims of two
     *              clocks ({@link #uncertainOrder}); it takes no part in {@link #admit}.
     */
    record Claim(String owner, long stamp, long born, int origin) {

        public Claim {
            if (owner == null || owner.isBlank()) {
                throw new IllegalArgumentException("a claim's owner must not be null or blank: " + owner);
            }
            if (stamp <= 0) {
                throw new IllegalArgumentException("a claim's stamp must be positive: " + stamp + " for " + owner);
            }
            if (born < 0 || born > stamp) {
                throw new IllegalArgumentException("a claim's born must be 0 (unknown) or a stamp no later than its own"
                        + " (" + stamp + "): " + born + " for " + owner);
            }
        }

        /** A claim of an unknown origin. */
        public Claim(String owner, long stamp, long born) {
            this(owner, stamp, born, 0);
        }

        /** A claim of a change that is the row's insert: its incarnation begins with it. Of an unknown origin. */
        public static Claim ofInsert(String owner, long stamp) {
            return new Claim(owner, stamp, stamp);
        }

        /** The same claim with {@code born} as the incarnation stamp. */
        public Claim bornAt(long born) {
            return born == this.born ? this : new Claim(owner, stamp, born, origin);
        }

        /** The same claim, drawn by the clock of instance {@code origin}. */
        public Claim from(int origin) {
            return origin == this.origin ? this : new Claim(owner, stamp, born, origin);
        }

        /**
         * Whether this claim's change is ordered after {@code other}'s: a later stamp, or on a tie the owner
         * later in code point order (the order of their UTF-8 bytes, which the Redis store compares).
         */
        public boolean commitsAfter(Claim other) {
            if (stamp != other.stamp) {
                return stamp > other.stamp;
            }
            return compareByCodePoint(owner, other.owner) > 0;
        }

        private static int compareByCodePoint(String a, String b) {
            int i = 0;
            int j = 0;
            while (i < a.length() && j < b.length()) {
                int ca = a.codePointAt(i);
                int cb = b.codePointAt(j);
                if (ca != cb) {
                    return Integer.compare(ca, cb);
                }
                i += Character.charCount(ca);
                j += Character.charCount(cb);
            }
            return Boolean.compare(i < a.length(), j < b.length());
        }
    }

    /**
     * What a store holds under a key, as {@link #admit} sees it.
     *
     * @param version   the version it was written with, or {@link #UNVERSIONED}
     * @param tombstone whether it is the tombstone of a versioned delete rather than a value
     * @param claim     the claim it was written with and the incarnation stamp {@link #admit} gave it, or
     *                  {@code null}
     */
    record Held(long version, boolean tombstone, Claim claim) {
    }

    /**
     * Writes {@code value} under {@code key}.
     *
     * @param key     the key, not blank
     * @param value   the marshaled entity, not null
     * @param ttl     how long the entry lives, or {@code null} for no expiry; positive when given
     * @param version the entity's version or {@link #UNVERSIONED}
     * @param claim   the row it speaks for and when, or {@code null}
     */
    record Put(String key, byte[] value, Duration ttl, long version, Claim claim) implements KvWrite {

        public Put {
            requireKey(key);
            Objects.requireNonNull(value, "value");
            if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
                throw new IllegalArgumentException("ttl must be positive, or null for no expiry: " + ttl + " for key " + key);
            }
        }

        /** A put without a claim, fenced by its version alone. */
        public Put(String key, byte[] value, Duration ttl, long version) {
            this(key, value, ttl, version, null);
        }

        /** This put with {@code claim}. */
        public Put withClaim(Claim claim) {
            return new Put(key, value, ttl, version, claim);
        }

        /** An unversioned put without expiry. */
        public static Put of(String key, byte[] value) {
            return new Put(key, value, null, UNVERSIONED);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Put p && key.equals(p.key) && Arrays.equals(value, p.value)
                    && Objects.equals(ttl, p.ttl) && version == p.version && Objects.equals(claim, p.claim);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, Arrays.hashCode(value), ttl, version, claim);
        }

        @Override
        public String toString() {
            return "Put[" + key + ", " + value.length + " bytes, ttl=" + ttl
                    + (version == UNVERSIONED ? "" : ", version=" + version) + (claim == null ? "" : ", " + claim) + "]";
        }
    }

    /**
     * Removes {@code key}. A versioned delete leaves a tombstone (see {@link KvWrite}).
     *
     * @param key     the key, not blank
     * @param version the deleted entity's version or {@link #UNVERSIONED}
     * @param claim   the row it speaks for and when, or {@code null}
     */
    record Delete(String key, long version, Claim claim) implements KvWrite {

        public Delete {
            requireKey(key);
        }

        /** A delete without a claim, fenced by its version alone. */
        public Delete(String key, long version) {
            this(key, version, null);
        }

        /** This delete with {@code claim}. */
        public Delete withClaim(Claim claim) {
            return new Delete(key, version, claim);
        }

        /** An unversioned delete. */
        public static Delete of(String key) {
            return new Delete(key, UNVERSIONED);
        }

        @Override
        public String toString() {
            return "Delete[" + key + (version == UNVERSIONED ? "" : ", version=" + version)
                    + (claim == null ? "" : ", " + claim) + "]";
        }
    }

    private static void requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("key must not be null or blank: " + key);
        }
    }
}
