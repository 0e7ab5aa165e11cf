package io.kvsync.benchmarks;

import io.kvsync.engine.KvSync;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;

import java.time.Duration;
import java.util.Map;

/**
 * One timed replication: {@code entities} parcels enqueued into a fresh {@link KvSync} over {@code store},
 * from the first enqueue until the engine is idle (every key written). Not thread-safe.
 */
final class ReplicationRun {

    /** The value size {@code redis-benchmark -d 300} writes. */
    static final int VALUE_BYTES = 300;

    private ReplicationRun() {
    }

    /**
     * @param engineSettings {@code kvsync.*} settings of the engine (workers, batch size)
     * @return key writes per second
     * @throws IllegalStateException when a write failed or the run did not finish within ten minutes
     */
    static double keyWritesPerSecond(KvStore store, Map<String, String> engineSettings, int entities) {
        return keyWritesPerSecond(store, engineSettings, entities, false);
    }

    /**
     * Like {@link #keyWritesPerSecond(KvStore, Map, int)}; with {@code versioned}, every write carries a
     * version, as the Hibernate integration writes entities with a {@code @Version}, so the store fences it.
     */
    static double keyWritesPerSecond(KvStore store, Map<String, String> engineSettings, int entities, boolean versioned) {
        return run(store, engineSettings, entities, versioned).keyWritesPerSecond();
    }

    /**
     * Like {@link #keyWritesPerSecond(KvStore, Map, int, boolean)}, also counting this JVM's CPU by thread
     * group ({@link ThreadCpu}) from the first enqueue until the engine is idle, before its workers end; the
     * calling thread, which enqueues, is {@link ThreadCpu.Group#MAIN}.
     */
    static Result run(KvStore store, Map<String, String> engineSettings, int entities, boolean versioned) {
        return run(store, engineSettings, entities, versioned ? 1 : KvWrite.UNVERSIONED, Long.toString(System.nanoTime(), 36));
    }

    /**
     * Like {@link #run(KvStore, Map, int, boolean)}, every write carrying {@code version} (or none when
     * {@link KvWrite#UNVERSIONED}), under the keys of {@code run}: a second run with the same {@code run} and a
     * higher version updates the keys the first one wrote.
     */
    static Result run(KvStore store, Map<String, String> engineSettings, int entities, long version, String run) {
        boolean versioned = version != KvWrite.UNVERSIONED;
        try (KvSync kv = KvSync.builder().store(store).properties(engineSettings).build()) {
            ParcelFactory parcels = new ParcelFactory(kv.marshaler(), VALUE_BYTES);
            long enqueuing = ThreadCpu.currentThreadId();
            Map<Long, ThreadCpu.Used> cpuBefore = ThreadCpu.snapshot(enqueuing);
            long started = System.nanoTime();
            for (long id = 0; id < entities; id++) {
                if (versioned) {
                    kv.enqueue(parcels.parcel(id, run), version);
                } else {
                    kv.enqueue(parcels.parcel(id, run));
                }
            }
            if (!kv.awaitIdle(Duration.ofMinutes(10))) {
                throw new IllegalStateException("replication of " + entities + " parcels did not finish in 10 minutes");
            }
            long elapsed = System.nanoTime() - started;
            Map<ThreadCpu.Group, Long> cpu = ThreadCpu.since(cpuBefore, ThreadCpu.snapshot(enqueuing));
            if (kv.stats().failed() > 0) {
                throw new IllegalStateException(kv.stats().failed() + " writes failed: " + kv.stats());
            }
            return new Result(3.0 * entities / (elapsed / 1e9), 3L * entities, cpu);
        }
    }

    /**
     * What one run measured.
     *
     * @param keyWritesPerSecond the rate
     * @param keyWrites          how many key writes it made
     * @param cpu                nanoseconds of CPU per thread group; empty off Linux
     */
    record Result(double keyWritesPerSecond, long keyWrites, Map<ThreadCpu.Group, Long> cpu) {

        /** Microseconds of {@code group}'s CPU per key write; 0 when not measured. */
        double microsPerKey(ThreadCpu.Group group) {
            return cpu.getOrDefault(group, 0L) / 1e3 / keyWrites;
        }
    }
}
