package io.kvsync.engine;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A store that holds every write call until the test lets it through, one call at a time, and tells the
 * test which writes each call carried: the worker's progress becomes a sequence of steps the test drives.
 */
final class SteppedStore extends TestStores.Forwarding {

    private final BlockingQueue<List<KvWrite>> arrived = new LinkedBlockingQueue<>();
    private final Semaphore permits = new Semaphore(0);
    private volatile boolean open;

    SteppedStore(KvStore delegate) {
        super(delegate);
    }

    /**
     * Waits until the next write call has reached the store, where it is held: its worker does nothing else
     * until {@link #release()}, and what is enqueued from now on stays pending.
     *
     * @return the writes of the call
     */
    List<KvWrite> awaitCall() throws InterruptedException {
        List<KvWrite> call = arrived.poll(60, TimeUnit.SECONDS);
        if (call == null) {
            throw new AssertionError("no write call reached the store");
        }
        return call;
    }

    /** Lets one held call (or the next one to arrive) through to the real store. */
    void release() {
        permits.release();
    }

    /** Lets every call through from now on, without holding it. */
    void open() {
        open = true;
        permits.release(1_000);
    }

    @Override
    public void write(List<KvWrite> writes) {
        arrived.add(List.copyOf(writes));
        if (!open) {
            try {
                if (!permits.tryAcquire(60, TimeUnit.SECONDS)) {
                    throw new KvStoreException("the test never released this write call");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KvStoreException("interrupted while held", e);
            }
        }
        super.write(writes);
    }
}
