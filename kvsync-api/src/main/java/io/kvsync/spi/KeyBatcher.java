package io.kvsync.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Hands keys to a consumer in batches of a fixed size, for {@link KvStore#scanKeys} implementors: a store
 * {@link #add}s each key it finds and calls {@link #finish()} once the listing is complete, which hands over
 * the last, partial batch. Every batch is a list of its own that the consumer may keep. Not thread-safe:
 * one listing drives it.
 */
public final class KeyBatcher {

    private final int batchSize;
    private final Consumer<List<String>> batches;
    private List<String> batch = new ArrayList<>();

    /**
     * @param batchSize most keys per batch; at least 1
     * @param batches   receives each batch, on the thread that adds its last key or calls {@link #finish()}
     * @throws IllegalArgumentException when {@code batchSize} is less than 1
     */
    public KeyBatcher(int batchSize, Consumer<List<String>> batches) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1 but was " + batchSize);
        }
        this.batchSize = batchSize;
        this.batches = Objects.requireNonNull(batches, "batches");
    }

    /** Adds {@code key} to the current batch, and hands the batch over when it is full. */
    public void add(String key) {
        batch.add(key);
        if (batch.size() == batchSize) {
            handOver();
        }
    }

    /** Hands over the keys added since the last full batch, if any. */
    public void finish() {
        if (!batch.isEmpty()) {
            handOver();
        }
    }

    private void handOver() {
        List<String> full = batch;
        // Not presized to batchSize: a caller may ask for batches far larger than the keys there are.
        batch = new ArrayList<>();
        batches.accept(full);
    }
}
