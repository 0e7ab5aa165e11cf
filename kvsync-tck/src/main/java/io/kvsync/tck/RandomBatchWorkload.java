package io.kvsync.tck;

import io.kvsync.spi.KvWrite;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

import static io.kvsync.tck.StoreWrites.delete;
import static io.kvsync.tck.StoreWrites.put;

/**
 * Batches of puts and deletes drawn at random from a pool of six keys, so that a batch often writes a key
 * twice or three times (a put then a delete, a delete then a put, two puts), and the model of what each key
 * must hold afterwards: the last write of it. Three keys are written without versions, three with versions
 * that rise with every write, so that a versioned key's last write is also its newest and wins under
 * fencing; the two kinds never share a key. A store that reorders the writes of one key within a batch (a
 * client that overtakes a command, a fast path that sends some writes first) leaves a key as an earlier
 * write left it. Deterministic for a seed.
 */
final class RandomBatchWorkload {

    /** Batches per run; the store is read after each. */
    static final int BATCHES = 6;
    private static final int WRITES_PER_BATCH = 10;
    private static final int KEYS_PER_KIND = 3;

    private final Random random;
    private final List<String> unversioned = new ArrayList<>();
    private final List<String> versioned = new ArrayList<>();
    private final Map<String, String> expected = new HashMap<>();
    private long version;
    private int batches;

    /** @param keys maps a key name to the test's own key */
    RandomBatchWorkload(long seed, UnaryOperator<String> keys) {
        this.random = new Random(seed);
        for (int i = 0; i < KEYS_PER_KIND; i++) {
            unversioned.add(keys.apply("plain-" + i));
            versioned.add(keys.apply("versioned-" + i));
        }
    }

    /** Every key the workload writes. */
    List<String> keys() {
        List<String> all = new ArrayList<>(unversioned);
        all.addAll(versioned);
        return all;
    }

    /** The next batch; {@link #expected()} then says what the store must hold once it is written. */
    List<KvWrite> nextBatch() {
        List<KvWrite> batch = new ArrayList<>(WRITES_PER_BATCH);
        int number = batches++;
        for (int i = 0; i < WRITES_PER_BATCH; i++) {
            boolean withVersion = random.nextBoolean();
            String key = (withVersion ? versioned : unversioned).get(random.nextInt(KEYS_PER_KIND));
            // Two puts in three: a pool of keys that are mostly present, so deletes have something to remove.
            boolean isPut = random.nextInt(3) > 0;
            String value = "batch " + number + " write " + i;
            version++;
            if (isPut) {
                batch.add(withVersion ? put(key, value, version) : put(key, value));
                expected.put(key, value);
            } else {
                batch.add(withVersion ? delete(key, version) : delete(key));
                expected.remove(key);
            }
        }
        return batch;
    }

    /** What each present key holds after the batches so far; a key missing here must be absent. */
    Map<String, String> expected() {
        return Map.copyOf(expected);
    }
}
