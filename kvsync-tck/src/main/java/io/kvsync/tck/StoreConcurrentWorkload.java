package io.kvsync.tck;

import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.kvsync.tck.StoreWrites.put;

/**
 * Several threads writing batches at once: each thread puts keys only it writes, and every batch
 * also puts keys all threads write, so that a store which loses writes under contention, or mixes
 * the bytes of two writers, is caught.
 */
final class StoreConcurrentWorkload {

    static final int THREADS = 8;
    private static final int BATCHES_PER_THREAD = 25;
    private static final int DISTINCT_KEYS_PER_BATCH = 20;
    private static final int SHARED_KEYS = 16;

    private final UnaryOperator<String> keys;

    /** @param keys maps a key name to the test's own key */
    StoreConcurrentWorkload(UnaryOperator<String> keys) {
        this.keys = keys;
    }

    /** Runs every thread's batches against {@code store} and rethrows the first failure. */
    void run(KvStore store) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int batch = 0; batch < BATCHES_PER_THREAD; batch++) {
                        store.write(batch(thread, batch));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                // A bound, not a speed check: it keeps a deadlocked store from hanging the build.
                future.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every key written by one thread only, with the value written. */
    Map<String, String> distinctKeyValues() {
        Map<String, String> expected = new HashMap<>();
        for (int t = 0; t < THREADS; t++) {
            for (int batch = 0; batch < BATCHES_PER_THREAD; batch++) {
                for (int i = 0; i < DISTINCT_KEYS_PER_BATCH; i++) {
                    expected.put(distinctKey(t, batch, i), value(t));
                }
            }
        }
        return expected;
    }

    /** The keys every thread writes. */
    List<String> sharedKeys() {
        return IntStream.range(0, SHARED_KEYS).mapToObj(this::sharedKey).collect(Collectors.toList());
    }

    /** The values written to the shared keys: one per thread. */
    Set<String> sharedValues() {
        return IntStream.range(0, THREADS).mapToObj(StoreConcurrentWorkload::value).collect(Collectors.toSet());
    }

    private List<KvWrite> batch(int thread, int batch) {
        List<KvWrite> writes = new ArrayList<>();
        for (int i = 0; i < DISTINCT_KEYS_PER_BATCH; i++) {
            writes.add(put(distinctKey(thread, batch, i), value(thread)));
            writes.add(put(sharedKey((batch + i) % SHARED_KEYS), value(thread)));
        }
        return writes;
    }

    private static String value(int thread) {
        return "written by thread " + thread;
    }

    private String distinctKey(int thread, int batch, int i) {
        return keys.apply("thread-" + thread + "-batch-" + batch + "-" + i);
    }

    private String sharedKey(int i) {
        return keys.apply("shared-" + i);
    }
}
