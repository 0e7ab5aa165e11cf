package io.kvsync.it.outbox;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Redis with every write held until {@link #release()}: a store that has stopped answering, for as long as a
 * test needs. The first write is announced ({@link #awaitFirstWrite}, and the callback given), so that a test
 * knows the writer (a relay holding its claimed rows, say) is waiting on the store. Reads and scans pass.
 */
final class HeldStore implements KvStore {

    private final KvStore redis;
    private final Consumer<List<KvWrite>> onFirstWrite;
    private final CountDownLatch firstWrite = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    HeldStore(KvStore redis, Consumer<List<KvWrite>> onFirstWrite) {
        this.redis = redis;
        this.onFirstWrite = onFirstWrite;
    }

    /** Whether a write arrived within {@code timeout}. */
    boolean awaitFirstWrite(Duration timeout) throws InterruptedException {
        return firstWrite.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Lets every held write, and every later one, through. */
    void release() {
        release.countDown();
    }

    @Override
    public void write(List<KvWrite> writes) {
        write(writes, UncertainOrders.NONE);
    }

    @Override
    public void write(List<KvWrite> writes, UncertainOrders uncertain) {
        if (firstWrite.getCount() > 0) {
            synchronized (firstWrite) {
                if (firstWrite.getCount() > 0) {
                    onFirstWrite.accept(writes);
                    firstWrite.countDown();
                }
            }
        }
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvStoreException("interrupted while held", e);
        }
        redis.write(writes, uncertain);
    }

    @Override
    public Map<String, byte[]> read(Collection<String> keys) {
        return redis.read(keys);
    }

    @Override
    public void scanKeys(String prefix, int batchSize, Consumer<List<String>> batches) {
        redis.scanKeys(prefix, batchSize, batches);
    }

    @Override
    public void close() {
        release.countDown();
        redis.close();
    }
}
