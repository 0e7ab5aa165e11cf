package io.kvsync.it.race;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A store behind a bad link: it delays batches and delivers them late and out of order. Of the batches
 * handed to {@link #write}:
 * <ul>
 *   <li>a third are <em>held</em>: the call waits until the batch is delivered, in random order with
 *       the other held batches;</li>
 *   <li>a third lose their reply: the call fails as a timeout would (so the engine retries, with whatever
 *       is newest by then), while the batch itself is still on its way; it lands only after 10 to 50
 *       later batches have been handed to this store, so after the retry and usually after newer writes
 *       of its keys;</li>
 *   <li>the rest go straight through.</li>
 * </ul>
 * A courier thread delivers batches one at a time, picked at random among those due, after random
 * pauses; {@link #deliverEverything()} delivers what is left. Lateness is counted in batches, not in
 * time, so that it does not depend on the speed of the machine. Reads go straight through. Thread-safe.
 *
 * <p>How many of those random deliveries land behind a newer write depends on how the engine batches,
 * and so on the load of the machine. One stale delivery is therefore certain: the batches that write
 * the key of a {@link HeldBackWrite} skip the random treatment; the first is kept back with its reply
 * lost, and delivered right after a newer version of its key has gone straight through.
 */
final class LateDeliveryStore implements KvStore {

    private static final int MIN_LATENESS = 10;
    private static final int MAX_LATENESS = 50;

    /** A batch in transit; {@code failure} is what the store answered when it was delivered, if it failed. */
    private static final class Parcel {
        final List<KvWrite> writes;
        final boolean replyLost;
        /** The number of batches handed to the store after which this one is due. */
        final long dueAfter;
        final CountDownLatch delivered = new CountDownLatch(1);
        volatile RuntimeException failure;

        Parcel(List<KvWrite> writes, boolean replyLost, long dueAfter) {
            this.writes = writes;
            this.replyLost = replyLost;
            this.dueAfter = dueAfter;
        }
    }

    private final KvStore delegate;
    private final HeldBackWrite heldBack;
    // Guarded by this: random, batchesHandedIn, inTransit, newestDelivered.
    private final Random random;
    private long batchesHandedIn;
    private final List<Parcel> inTransit = new ArrayList<>();
    private final Map<String, Long> newestDelivered = new HashMap<>();
    private final AtomicInteger lostReplies = new AtomicInteger();
    private final AtomicInteger staleDeliveries = new AtomicInteger();
    private final Thread courier;
    private volatile boolean running = true;

    LateDeliveryStore(KvStore delegate, long seed, HeldBackWrite heldBack) {
        this.delegate = delegate;
        this.heldBack = heldBack;
        this.random = new Random(seed);
        this.courier = new Thread(this::deliverAtRandom, "late-delivery-courier");
        courier.setDaemon(true);
        courier.start();
    }

    @Override
    public void write(List<KvWrite> writes) {
        if (heldBack.concerns(writes)) {
            writeOfHeldKey(writes);
            return;
        }
        Parcel parcel = null;
        synchronized (this) {
            batchesHandedIn++;
            switch (random.nextInt(3)) {
                case 0 -> countStale(writes);
                case 1 -> parcel = new Parcel(List.copyOf(writes), false, batchesHandedIn);
                default -> parcel = new Parcel(List.copyOf(writes), true,
                        batchesHandedIn + MIN_LATENESS + random.nextInt(MAX_LATENESS - MIN_LATENESS + 1));
            }
            if (parcel != null) {
                inTransit.add(parcel);
            }
        }
        if (parcel == null) {
            delegate.write(writes);
            return;
        }
        if (parcel.replyLost) {
            lostReplies.incrementAndGet();
            throw new KvStoreException("simulated timeout: no reply for a batch of " + writes.size()
                    + " writes, which is still on its way");
        }
        try {
            if (!parcel.delivered.await(60, TimeUnit.SECONDS)) {
                throw new KvStoreException("simulated link never delivered a batch of " + writes.size() + " writes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvStoreException("interrupted while a batch was held", e);
        }
        if (parcel.failure != null) {
            throw parcel.failure;
        }
    }

    @Override
    public Map<String, byte[]> read(Collection<String> keys) {
        return delegate.read(keys);
    }

    /** Stops the courier and delivers every batch still in transit, due or not, in random order. */
    void deliverEverything() {
        running = false;
        LockSupport.unpark(courier);
        try {
            courier.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the courier", e);
        }
        while (deliverOne(Long.MAX_VALUE)) {
            // until nothing is in transit
        }
    }

    /** Batches whose reply was lost, i.e. that landed after the engine had given up on them. */
    int lostReplies() {
        return lostReplies.get();
    }

    /**
     * Versioned writes delivered after a newer write of the same key had already been delivered through
     * this link: what the store's version fence had to refuse.
     */
    int staleDeliveries() {
        return staleDeliveries.get();
    }

    @Override
    public void close() {
        running = false;
        delegate.close();
    }

    private void deliverAtRandom() {
        while (running) {
            long now;
            long pauseNanos;
            synchronized (this) {
                now = batchesHandedIn;
                pauseNanos = TimeUnit.MICROSECONDS.toNanos(random.nextInt(3_000));
            }
            deliverOne(now);
            LockSupport.parkNanos(pauseNanos);
        }
    }

    /** Delivers one batch, picked at random among those due by {@code now}; {@code false} when none was. */
    private boolean deliverOne(long now) {
        Parcel parcel;
        synchronized (this) {
            List<Parcel> due = inTransit.stream().filter(p -> p.dueAfter <= now).toList();
            if (due.isEmpty()) {
                return false;
            }
            parcel = due.get(random.nextInt(due.size()));
            inTransit.remove(parcel);
            countStale(parcel.writes);
        }
        try {
            delegate.write(parcel.writes);
        } catch (RuntimeException e) {
            // The caller of a held batch learns of it; a late copy that fails is lost, as on a real link.
            parcel.failure = e;
        } finally {
            parcel.delivered.countDown();
        }
        return true;
    }

    /** Keeps the first batch of the held key back; delivers it late once a later one has overtaken it. */
    private void writeOfHeldKey(List<KvWrite> writes) {
        if (heldBack.keepBack(writes)) {
            lostReplies.incrementAndGet();
            throw new KvStoreException("simulated timeout: no reply for a batch writing " + heldBack.key()
                    + ", which is kept back until a newer version of it has landed");
        }
        synchronized (this) {
            countStale(writes);
        }
        delegate.write(writes);
        heldBack.overtakenBy(writes).ifPresent(lateCopy -> {
            synchronized (this) {
                countStale(lateCopy);
            }
            RuntimeException failure = null;
            try {
                delegate.write(lateCopy);
            } catch (RuntimeException e) {
                failure = e;
            }
            heldBack.delivered(failure);
        });
    }

    /** Caller holds the monitor. */
    private void countStale(List<KvWrite> writes) {
        for (KvWrite write : writes) {
            Long newest = newestDelivered.merge(write.key(), write.version(), Math::max);
            if (newest > write.version()) {
                staleDeliveries.incrementAndGet();
            }
        }
    }
}
