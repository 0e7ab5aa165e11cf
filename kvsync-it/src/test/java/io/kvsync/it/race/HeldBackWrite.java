package io.kvsync.it.race;

import io.kvsync.spi.KvWrite;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The one stale delivery a {@link LateDeliveryStore} makes for certain, whatever the speed of the
 * machine: the first batch that writes {@code key} is kept back (its reply lost, so the engine retries),
 * and handed back for delivery only once a newer version of {@code key} has reached the store. The
 * store's version fence must then refuse it. Thread-safe.
 */
final class HeldBackWrite {

    private final String key;
    private final CountDownLatch keptBack = new CountDownLatch(1);
    private final CountDownLatch lateCopyDelivered = new CountDownLatch(1);
    // Guarded by this.
    private List<KvWrite> batch;
    private long version;
    private boolean released;
    private volatile RuntimeException deliveryFailure;

    /** @param key a key whose writes are versioned */
    HeldBackWrite(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    /** Whether {@code writes} write the key. */
    boolean concerns(List<KvWrite> writes) {
        return writeOfKey(writes).isPresent();
    }

    /**
     * Keeps {@code writes} back if they are the first to write the key; {@code false} for every later
     * batch, which must go straight to the store so that the newer version cannot itself be delayed.
     */
    synchronized boolean keepBack(List<KvWrite> writes) {
        if (batch != null) {
            return false;
        }
        batch = List.copyOf(writes);
        version = writeOfKey(writes).orElseThrow().version();
        keptBack.countDown();
        return true;
    }

    /**
     * Called once {@code landed} has reached the store: the kept-back batch, once, if {@code landed}
     * carries a newer version of the key; the caller delivers it now and reports {@link #delivered}.
     */
    synchronized Optional<List<KvWrite>> overtakenBy(List<KvWrite> landed) {
        boolean newer = writeOfKey(landed).filter(write -> write.version() > version).isPresent();
        if (released || batch == null || !newer) {
            return Optional.empty();
        }
        released = true;
        return Optional.of(batch);
    }

    /** The kept-back batch has been handed to the store; {@code failure} is what it threw, if it did. */
    void delivered(RuntimeException failure) {
        deliveryFailure = failure;
        lateCopyDelivered.countDown();
    }

    /** The version of the key that was kept back and delivered late. */
    synchronized long version() {
        return version;
    }

    /** Waits until the first write of the key has been kept back and the engine told that it failed. */
    void awaitKeptBack(Duration timeout) throws InterruptedException {
        if (!keptBack.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no write of " + key + " reached the store within " + timeout);
        }
    }

    /**
     * Waits until the kept-back batch has been handed to the store behind a newer version of the key;
     * fails when the store threw instead of ignoring it.
     */
    void awaitLateCopyDelivered(Duration timeout) throws InterruptedException {
        if (!lateCopyDelivered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no version of " + key + " newer than the one kept back landed within " + timeout);
        }
        if (deliveryFailure != null) {
            throw new AssertionError("the store failed the late copy instead of ignoring it", deliveryFailure);
        }
    }

    private Optional<KvWrite> writeOfKey(List<KvWrite> writes) {
        return writes.stream().filter(write -> write.key().equals(key)).findFirst();
    }
}
