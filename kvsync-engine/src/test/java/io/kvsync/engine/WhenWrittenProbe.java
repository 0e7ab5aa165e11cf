package io.kvsync.engine;

import io.kvsync.spi.KvStore;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Change#whenWritten} callback that counts its runs and, when given a store and keys, records which
 * of the keys the store held at the moment it ran (read from the store itself, behind the engine's back).
 */
final class WhenWrittenProbe {

    private final KvStore store;
    private final Collection<String> keys;
    private final AtomicInteger runs = new AtomicInteger();
    private final CountDownLatch ran = new CountDownLatch(1);
    private volatile Set<String> heldWhenRun;

    /** A probe that only counts. */
    WhenWrittenProbe() {
        this(null, List.of());
    }

    /** A probe that also records which of {@code keys} {@code store} held when it ran (the first time). */
    WhenWrittenProbe(KvStore store, Collection<String> keys) {
        this.store = store;
        this.keys = List.copyOf(keys);
    }

    /** The callback to hand to {@link Change#whenWritten}; it never throws. */
    Runnable callback() {
        return () -> {
            try {
                if (store != null && heldWhenRun == null) {
                    heldWhenRun = Set.copyOf(store.read(keys).keySet());
                }
            } finally {
                runs.incrementAndGet();
                ran.countDown();
            }
        };
    }

    /** How often the callback has run so far. */
    int runs() {
        return runs.get();
    }

    /** Waits until the callback has run. */
    void awaitRun() throws InterruptedException {
        if (!ran.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the when-written callback never ran");
        }
    }

    /** Which of the keys the store held when the callback first ran. */
    Set<String> heldWhenRun() {
        return heldWhenRun;
    }
}
