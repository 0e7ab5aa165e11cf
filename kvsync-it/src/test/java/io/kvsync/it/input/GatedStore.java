package io.kvsync.it.input;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds every write at a gate until {@link #open()}, so that what is enqueued meanwhile piles up and
 * reaches the store together; records the keys of each batch. Reads pass. Leaves the store it wraps
 * open on {@link #close()}: the test owns it. Thread-safe.
 */
final class GatedStore implements KvStore {

    private static final long DEADLINE_SECONDS = 60;

    private final KvStore delegate;
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch firstArrival = new CountDownLatch(1);
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();

    GatedStore(KvStore delegate) {
        this.delegate = delegate;
    }

    /** Returns once a worker waits at the gate with a batch. */
    void awaitWaitingBatch() throws InterruptedException {
        if (!firstArrival.await(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("no batch reached the gate within " + DEADLINE_SECONDS + " s");
        }
    }

    void open() {
        gate.countDown();
    }

    /** The keys of every batch written so far, in the order the batches were written. */
    List<List<String>> batches() {
        return List.copyOf(batches);
    }

    @Override
    public void write(List<KvWrite> writes) {
        firstArrival.countDown();
        try {
            if (!gate.await(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                throw new KvStoreException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvStoreException("interrupted at the gate", e);
        }
        delegate.write(writes);
        batches.add(writes.stream().map(KvWrite::key).toList());
    }

    @Override
    public Map<String, byte[]> read(Collection<String> keys) {
        return delegate.read(keys);
    }

    @Override
    public void close() {
        // The test closes the store it gave.
    }
}
