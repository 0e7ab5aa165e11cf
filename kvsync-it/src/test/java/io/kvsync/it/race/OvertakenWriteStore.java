package io.kvsync.it.race;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes one stale delivery certain, whatever the speed of the machine: the first batch that writes
 * {@code heldKey} is kept back and its reply lost (the engine sees a timeout and retries), and the kept
 * copy is delivered to the store only once a newer version of {@code heldKey} has landed there. The
 * store's version fence must then refuse it.
 *
 * <p>Every later batch that writes {@code heldKey} goes straight to the store, so that the newer
 * version cannot itself be delayed; all other batches go through {@code link} and meet whatever it
 * does to them. Reads go through {@code link}. Thread-safe.
 */
final class OvertakenWriteStore implements KvStore {

    private final KvStore link;
    private final KvStore store;
    private final String heldKey;
    private final CountDownLatch heldBack = new CountDownLatch(1);
    private final CountDownLatch lateCopyDelivered = new CountDownLatch(1);
    // Guarded by this.
    private List<KvWrite> lateCopy;
    private long heldVersion;
    private boolean delivered;
    private volatile RuntimeException lateCopyFailure;

    /**
     * @param link    where every batch without {@code heldKey} goes
     * @param store   the store behind {@code link}, which the held batch and the writes of
     *                {@code heldKey} reach directly
     * @param heldKey the key whose first write is held back; versioned writes only
     */
    OvertakenWriteStore(KvStore link, KvStore store, String heldKey) {
        this.link = link;
        this.store = store;
        this.heldKey = heldKey;
    }

    @Override
    public void write(List<KvWrite> writes) {
        KvWrite ofHeldKey = writes.stream().filter(w -> w.key().equals(heldKey)).findFirst().orElse(null);
        if (ofHeldKey == null) {
            link.write(writes);
            return;
        }
        synchronized (this) {
            if (lateCopy == null) {
                lateCopy = List.copyOf(writes);
                heldVersion = ofHeldKey.version();
                heldBack.countDown();
                throw new KvStoreException("simulated timeout: no reply for the batch writing " + heldKey
                        + " at version " + heldVersion + ", which is kept back until a newer version has landed");
            }
        }
        store.write(writes);
        deliverLateCopyOnceOvertakenBy(ofHeldKey);
    }

    @Override
    public Map<String, byte[]> read(Collection<String> keys) {
        return link.read(keys);
    }

    /** Closes the link, and with it the store behind it. */
    @Override
    public void close() {
        link.close();
    }

    /** Waits until the first write of the held key has been kept back and the engine told it failed. */
    void awaitHeldBack(Duration timeout) throws InterruptedException {
        if (!heldBack.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no write of " + heldKey + " reached the store within " + timeout);
        }
    }

    /**
     * Waits until the kept-back batch has been handed to the store after a newer version of the held
     * key landed there; fails when that hand-over threw.
     */
    void awaitLateCopyDelivered(Duration timeout) throws InterruptedException {
        if (!lateCopyDelivered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no version of " + heldKey + " newer than the one held back landed within "
                    + timeout);
        }
        if (lateCopyFailure != null) {
            throw new AssertionError("the store failed the late copy instead of ignoring it", lateCopyFailure);
        }
    }

    /** The version of the held key that was held back and delivered late. */
    synchronized long heldVersion() {
        return heldVersion;
    }

    /**
     * Called after {@code landed} reached the store: if it is newer than the held-back write, delivers the
     * held-back batch now, on this thread, so that it lands right behind the write that overtook it.
     */
    private void deliverLateCopyOnceOvertakenBy(KvWrite landed) {
        List<KvWrite> copy;
        synchronized (this) {
            if (delivered || landed.version() <= heldVersion) {
                return;
            }
            delivered = true;
            copy = lateCopy;
        }
        try {
            store.write(copy);
        } catch (RuntimeException e) {
            lateCopyFailure = e;
        } finally {
            lateCopyDelivered.countDown();
        }
    }
}
