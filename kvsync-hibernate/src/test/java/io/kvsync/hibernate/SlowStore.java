package io.kvsync.hibernate;

import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A view of a shared store that takes {@code pause} per write call: with a small queue, committing threads
 * outrun it, so that the queue refuses changes and their redelivery (outbox relay, overflow re-read) runs.
 */
final class SlowStore extends SharedMemoryStoreProvider.Unclosed {

    private final long pauseNanos;

    SlowStore(KvStore shared, long pause, TimeUnit unit) {
        super(shared);
        this.pauseNanos = unit.toNanos(pause);
    }

    private void pause() {
        try {
            TimeUnit.NANOSECONDS.sleep(pauseNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void write(List<KvWrite> writes) {
        pause();
        super.write(writes);
    }

    @Override
    public void write(List<KvWrite> writes, UncertainOrders uncertain) {
        pause();
        super.write(writes, uncertain);
    }
}
