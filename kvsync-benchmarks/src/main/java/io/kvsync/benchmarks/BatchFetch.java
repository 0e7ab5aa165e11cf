package io.kvsync.benchmarks;

import io.kvsync.engine.KvSync;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * Scenario 5: reading the same 1,000 keys with one {@code fetchAll} and with 1,000 {@code fetchByKey}
 * calls, alternating which goes first. Not thread-safe.
 */
final class BatchFetch {

    /** Median nanoseconds of one {@code fetchAll} and of the loop of single fetches, one round. */
    record Round(long fetchAll, long singles) {
    }

    private final KvSync kv;
    private final List<String> keys;

    /** @param keys keys that {@code kv} has replicated */
    BatchFetch(KvSync kv, List<String> keys) {
        this.kv = kv;
        this.keys = List.copyOf(keys);
    }

    /**
     * @throws IllegalStateException when a key is missing
     */
    Round measure(int repeats) {
        Histogram all = new Histogram(3);
        Histogram singles = new Histogram(3);
        for (int r = 0; r < repeats; r++) {
            if (r % 2 == 0) {
                all.recordValue(timeFetchAll());
                singles.recordValue(timeSingles());
            } else {
                singles.recordValue(timeSingles());
                all.recordValue(timeFetchAll());
            }
        }
        return new Round(all.getValueAtPercentile(50), singles.getValueAtPercentile(50));
    }

    private long timeFetchAll() {
        long started = System.nanoTime();
        Map<String, Shipment> found = kv.fetchAll(Shipment.class, keys);
        long elapsed = System.nanoTime() - started;
        if (found.size() != keys.size()) {
            throw new IllegalStateException("fetchAll found " + found.size() + " of " + keys.size() + " keys");
        }
        return elapsed;
    }

    private long timeSingles() {
        long started = System.nanoTime();
        for (String key : keys) {
            kv.fetchByKey(Shipment.class, key).orElseThrow(() -> new IllegalStateException("no entry under " + key));
        }
        return System.nanoTime() - started;
    }
}
