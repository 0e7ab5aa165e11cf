package io.kvsync.engine;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Wrappers around a real store that let engine tests fail, block or count its calls. */
final class TestStores {

    private TestStores() {
    }

    /** Delegates everything; subclasses intercept. */
    static class Forwarding implements KvStore {
        final KvStore delegate;
        final AtomicInteger writeCalls = new AtomicInteger();
        final AtomicInteger readCalls = new AtomicInteger();

        Forwarding(KvStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(List<KvWrite> writes) {
            writeCalls.incrementAndGet();
            delegate.write(writes);
        }

        @Override
        public Map<String, byte[]> read(Collection<String> keys) {
            readCalls.incrementAndGet();
            return delegate.read(keys);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Fails its first {@code failures} write calls, then works. */
    static final class Flaky extends Forwarding {
        private final AtomicInteger failuresLeft;

        Flaky(KvStore delegate, int failures) {
            super(delegate);
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public void write(List<KvWrite> writes) {
            if (failuresLeft.getAndDecrement() > 0) {
                writeCalls.incrementAndGet();
                throw new KvStoreException("simulated outage");
            }
            super.write(writes);
        }
    }

    /** Fails every write while down. */
    static final class Switchable extends Forwarding {
        final AtomicBoolean down = new AtomicBoolean();
        private final CountDownLatch failed = new CountDownLatch(1);

        Switchable(KvStore delegate) {
            super(delegate);
        }

        /** Waits until a write has failed because the store was down: the outage has been felt. */
        void awaitFailedWrite() throws InterruptedException {
            if (!failed.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("no write reached the store while it was down");
            }
        }

        @Override
        public void write(List<KvWrite> writes) {
            if (down.get()) {
                failed.countDown();
                throw new KvStoreException("simulated outage");
            }
            super.write(writes);
        }
    }

    /** Blocks every write until opened, so that writes pile up in the engine. */
    static final class Gated extends Forwarding {
        private final CountDownLatch gate = new CountDownLatch(1);
        private final CountDownLatch blocked = new CountDownLatch(1);

        Gated(KvStore delegate) {
            super(delegate);
        }

        void open() {
            gate.countDown();
        }

        /** Waits until a write call is held at the gate: whatever is enqueued from now on stays pending. */
        void awaitBlockedWrite() throws InterruptedException {
            if (!blocked.await(60, TimeUnit.SECONDS)) {
                throw new AssertionError("no write reached the gate");
            }
        }

        @Override
        public void write(List<KvWrite> writes) {
            blocked.countDown();
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new KvStoreException("gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KvStoreException("interrupted at the gate", e);
            }
            super.write(writes);
        }
    }

    /** Records the size of every batch the engine hands over, as it arrives (before any gate behind it). */
    static final class BatchSizes extends Forwarding {
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        /** Counted when a second batch arrives, before anything behind this store holds it. */
        final CountDownLatch secondBatch = new CountDownLatch(1);
        /** Counted once a second batch is written. */
        final CountDownLatch secondBatchWritten = new CountDownLatch(1);

        BatchSizes(KvStore delegate) {
            super(delegate);
        }

        @Override
        public void write(List<KvWrite> batch) {
            batchSizes.add(batch.size());
            boolean second = batchSizes.size() > 1;
            if (second) {
                secondBatch.countDown();
            }
            super.write(batch);
            if (second) {
                secondBatchWritten.countDown();
            }
        }
    }
}
