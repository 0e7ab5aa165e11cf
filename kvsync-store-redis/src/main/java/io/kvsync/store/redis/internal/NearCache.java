package io.kvsync.store.redis.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Stored values (and absences) of recently read keys, kept in this JVM and dropped when Redis reports a
 * change to their key. It only holds what the invalidation channel vouches for: Redis's server-assisted
 * client-side caching ({@code CLIENT TRACKING}) pushes the keys that change on the connection that read them,
 * and {@link LettuceTracking} feeds those pushes, lost connections and heartbeats in here.
 *
 * <p><b>Why a read cannot leave a stale entry.</b> A read that misses takes a {@link Ticket} before it asks
 * Redis: the global epoch and the counter of each key's stripe. A key's invalidation first advances its
 * stripe's counter, then removes the entry; an invalidation of everything advances the epoch, which makes
 * every entry of an earlier epoch dead at once (each entry records its epoch). The read stores its answer
 * only if, under the entry's lock, the counters still match its ticket. Whichever order the two interleave in, an answer that an
 * invalidation overtook does not stay: either the read sees the advanced counter and stores nothing, or
 * the invalidation's removal comes after the store. And since Redis sends a key's push before any later
 * reply on the same connection, a thread that has seen the new value can no longer see the old one here.
 * A read that began while the channel was down takes no ticket.
 *
 * <p><b>When entries may be served.</b> Only while tracking is on and a heartbeat answered recently
 * ({@link #LIVENESS}): pushes travel in order with replies on the tracked connection, so a reply to a
 * heartbeat sent at time T proves every change Redis made before T has been received. A connection that
 * stops answering without being closed (a silent network partition) therefore costs at most
 * {@code LIVENESS} of staleness, after which the cache is emptied and bypassed until the connection
 * proves itself again. Thread-safe.
 */
public final class NearCache {

    /** How long after the last proof (a heartbeat's send time) entries may still be served. */
    static final long LIVENESS = TimeUnit.SECONDS.toNanos(3);

    private static final int STRIPES = 4096;

    private final Cache<String, Held> entries;
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    private final AtomicLong epoch = new AtomicLong();
    private final LongSupplier clock;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private volatile boolean tracking;
    private volatile long provenAt;
    /** The proof whose lapse last emptied the cache. */
    private volatile long lapsedProof = Long.MIN_VALUE;

    /**
     * @param maxEntries how many keys are kept at most; the least recently used go first
     * @param clock      {@link System#nanoTime()}, or a test's clock
     */
    public NearCache(int maxEntries, LongSupplier clock) {
        this.entries = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run)
                .ticker(clock::getAsLong).expireAfter(new UntilItExpires()).build();
        this.clock = clock;
    }

    /**
     * What is kept of a key.
     *
     * @param stored    the stored bytes, {@code null} for an absent key
     * @param expiresAt when the key expires in Redis, by the cache's clock; {@link Long#MAX_VALUE} for never
     * @param epoch     the epoch it was kept in: an entry of an earlier epoch is dead, even before the
     *                  clearing that {@link #invalidateAll()} leaves to another thread gets to it
     */
    private record Held(byte[] stored, long expiresAt, long epoch) {
    }

    /**
     * An entry lives until its key expires in Redis. Redis does push an invalidation when it deletes an
     * expired key, but only once its expiry cycle gets to it, which in a large keyspace can take long; so
     * the cache keeps the deadline itself.
     */
    private static final class UntilItExpires implements Expiry<String, Held> {
        @Override
        public long expireAfterCreate(String key, Held held, long now) {
            return remaining(held, now);
        }

        @Override
        public long expireAfterUpdate(String key, Held held, long now, long currentDuration) {
            return remaining(held, now);
        }

        @Override
        public long expireAfterRead(String key, Held held, long now, long currentDuration) {
            return currentDuration;
        }

        private static long remaining(Held held, long now) {
            return held.expiresAt == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, held.expiresAt - now);
        }
    }

    /** What a read saw before it asked Redis; {@code null} when the cache was not usable then. */
    public static final class Ticket {
        private final long epoch;
        private final long[] stripeCounts;
        private final long takenAt;

        private Ticket(long epoch, long[] stripeCounts, long takenAt) {
            this.epoch = epoch;
            this.stripeCounts = stripeCounts;
            this.takenAt = takenAt;
        }
    }

    /** The result of {@link #lookup}: not cached. */
    public static final Object MISS = new Object();

    /**
     * The cached stored bytes of {@code key} (a copy, the caller's to keep), {@code null} when the key is
     * cached as absent, or {@link #MISS}.
     */
    public Object lookup(String key) {
        if (!usable()) {
            misses.increment();
            return MISS;
        }
        Held held = entries.getIfPresent(key);
        if (held == null || held.epoch != epoch.get()) {
            misses.increment();
            return MISS;
        }
        hits.increment();
        return held.stored == null ? null : Arrays.copyOf(held.stored, held.stored.length);
    }

    /** Takes the ticket for reading {@code keys} from Redis; {@code null} when their answers must not be kept. */
    public Ticket ticket(String... keys) {
        // The epoch first: a flush or a lost connection from here on, even before the check below, moves it.
        long at = epoch.get();
        if (!usable()) {
            return null;
        }
        long[] counts = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            counts[i] = stripes.get(stripe(keys[i]));
        }
        return new Ticket(at, counts, clock.getAsLong());
    }

    /**
     * Keeps Redis's answer for {@code keys[index]} unless an invalidation came after {@code ticket} was taken.
     *
     * @param stored    the stored bytes, or {@code null} for an absent key; copied
     * @param ttlMillis the key's remaining time to live as Redis answered it ({@code PTTL}): {@code -1} for
     *                  none, {@code -2} for an absent key; it counts from when the ticket was taken, before the
     *                  question was sent, so the entry never outlives the key
     */
    public void offer(Ticket ticket, String[] keys, int index, byte[] stored, long ttlMillis) {
        if (ticket == null || (stored == null) != (ttlMillis == -2) || ttlMillis == 0) {
            // A value without a key or the reverse: it changed between the two answers (a push is coming).
            return;
        }
        long expiresAt = ttlMillis < 0 ? Long.MAX_VALUE : ticket.takenAt + TimeUnit.MILLISECONDS.toNanos(ttlMillis);
        Held kept = new Held(stored == null ? null : Arrays.copyOf(stored, stored.length), expiresAt, ticket.epoch);
        long stripeCount = ticket.stripeCounts[index];
        // Checked under the entry's lock, which an invalidation's removal also takes: an answer that an
        // invalidation overtook is never stored, not even for an instant, nor does it replace a fresher one.
        entries.asMap().compute(keys[index], (key, current) ->
                epoch.get() == ticket.epoch && stripes.get(stripe(key)) == stripeCount ? kept : current);
    }

    /** Redis reported a change to {@code key}, or this JVM is writing it. */
    public void invalidate(String key) {
        stripes.incrementAndGet(stripe(key));
        entries.invalidate(key);
        invalidations.increment();
    }

    /** Everything may have changed (Redis flushed, the tracking table overflowed, a connection was lost). */
    public void invalidateAll() {
        // The new epoch kills every entry at once; the memory is freed off the caller's thread (Lettuce's
        // event loop, for a push or a disconnect), which a large cache would otherwise hold up. Only entries
        // of earlier epochs go: what is kept from now on stays.
        long current = epoch.incrementAndGet();
        ForkJoinPool.commonPool().execute(() -> entries.asMap().values().removeIf(held -> held.epoch < current));
        invalidations.increment();
    }

    /** Tracking is on again: every change after {@code sentAt} will be pushed. Starts from empty. */
    public void trackingOn(long sentAt) {
        invalidateAll();
        provenAt = sentAt;
        tracking = true;
    }

    /** Whether tracking is on (confirmed by Redis on the current connection). */
    public boolean isTracking() {
        return tracking;
    }

    /** The tracked connection is lost: pushes may be missed until tracking is on again. */
    public void trackingLost() {
        tracking = false;
        invalidateAll();
    }

    /** A heartbeat sent at {@code sentAt} was answered: every change before it has been received. */
    public void proven(long sentAt) {
        if (sentAt - provenAt > 0) {
            provenAt = sentAt;
        }
    }

    /** Whether entries may be served and kept now; empties the cache when the proof has lapsed. */
    private boolean usable() {
        if (!tracking) {
            return false;
        }
        long proof = provenAt;
        if (clock.getAsLong() - proof < LIVENESS) {
            return true;
        }
        if (lapsedProof != proof) {
            // Once per lapse: what was kept may have missed its push. Until a new proof, nothing is kept.
            lapsedProof = proof;
            invalidateAll();
        }
        return false;
    }

    /** Reads answered from memory so far. */
    public long hits() {
        return hits.sum();
    }

    /** Reads that went to Redis so far (including those made while the cache was not usable). */
    public long misses() {
        return misses.sum();
    }

    /** Invalidations received or made so far (a whole-cache one counts once). */
    public long invalidations() {
        return invalidations.sum();
    }

    /** About how many keys are held. */
    public long size() {
        return entries.estimatedSize();
    }

    private static int stripe(String key) {
        return (key.hashCode() & 0x7fffffff) % STRIPES;
    }
}
