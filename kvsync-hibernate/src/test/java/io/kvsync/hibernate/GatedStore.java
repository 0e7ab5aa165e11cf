package io.kvsync.hibernate;

import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A recording memory store whose writes wait at a gate until the test opens it: what is committed meanwhile
 * stays pending in the engine (and, with the outbox, in the outbox table), for certain.
 */
final class GatedStore extends HibernateFixture.RecordingStore {

    private final CountDownLatch gate = new CountDownLatch(1);
    /** Counted down when the first write reaches the gate. */
    final CountDownLatch reached = new CountDownLatch(1);

    void open() {
        gate.countDown();
    }

    private void pass() {
        reached.countDown();
        try {
            if (!gate.await(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the test never opened the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the gate", e);
        }
    }

    @Override
    public void write(List<KvWrite> batch) {
        pass();
        super.write(batch);
    }

    @Override
    public void write(List<KvWrite> batch, UncertainOrders uncertain) {
        pass();
        super.write(batch, uncertain);
    }
}
