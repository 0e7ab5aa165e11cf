package io.kvsync.benchmarks;

import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A store that accepts every write and keeps nothing, so that a benchmark of the engine measures the
 * engine alone. Counts the writes it was given. Thread-safe.
 */
final class NoOpKvStore implements KvStore {

    private final LongAdder writes = new LongAdder();

    @Override
    public void write(List<KvWrite> batch) {
        writes.add(batch.size());
    }

    @Override
    public Map<String, byte[]> read(Collection<String> keys) {
        return Map.of();
    }

    @Override
    public void close() {
    }

    long writes() {
        return writes.sum();
    }
}
