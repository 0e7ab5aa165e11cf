package io.kvsync.engine;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LaneOrderingTest {

    private static final int THREADS = 8;
    private static final int KEYS = 500;
    private static final int OPERATIONS_PER_THREAD = 20_000;

    /** Slows and sometimes fails batches, so that writes queue up, coalesce and are retried. */
    private static final class Jittery extends TestStores.Forwarding {
        Jittery(KvStore delegate) {
            super(delegate);
        }

        @Override
        public void write(List<KvWrite> writes) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (random.nextInt(20) == 0) {
                throw new KvStoreException("simulated hiccup");
            }
            if (random.nextInt(10) == 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.write(writes);
        }
    }

    @Test
    void under_eight_concurrent_threads_the_last_write_of_every_key_wins() throws Exception {
        Map<Long, Item> model = new ConcurrentHashMap<>();
        Object[] keyLocks = new Object[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keyLocks[i] = new Object();
        }
        AtomicLong versions = new AtomicLong();
        long seed = System.nanoTime();

        try (KvSync kv = Engines.builder(new Jittery(Engines.memoryStore()), Engines.reports()).workers(4).batchSize(64).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(seed + t);
                done.add(pool.submit(() -> {
                    for (int op = 0; op < OPERATIONS_PER_THREAD; op++) {
                        int id = random.nextInt(KEYS);
                        // The lock makes "last" well defined: model order = enqueue order for the key.
                        synchronized (keyLocks[id]) {
                            Item item = new Item(id, "u" + id, "v" + versions.incrementAndGet());
                            if (random.nextInt(10) == 0) {
                                kv.enqueueDelete(item);
                                model.remove((long) id);
                            } else {
                                kv.enqueue(item);
                                model.put((long) id, item);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertThat(kv.awaitIdle(Duration.ofMinutes(1))).isTrue();

            List<String> mismatches = new ArrayList<>();
            for (long id = 0; id < KEYS; id++) {
                Item expected = model.get(id);
                for (String keyName : List.of("id", "uuid", "composite")) {
                    Item probe = new Item(id, "u" + id, null);
                    Item actual = kv.fetch(probe, keyName).orElse(null);
                    if (!java.util.Objects.equals(expected, actual)) {
                        mismatches.add(keyName + " of " + id + ": expected " + expected + " but store has " + actual);
                    }
                }
            }
            assertThat(mismatches).as("seed %d", seed).isEmpty();
            assertThat(kv.stats().failed()).as("the jittery store failed some batches").isPositive();
        }
    }
}
