package io.kvsync.benchmarks;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A store whose backend is down: every write and read fails, as they do when Redis cannot be reached. What
 * the process of scenario 6 replicates into before it "crashes", so that none of its commits reaches the
 * store. Thread-safe.
 */
final class DownKvStore implements KvStore {

    @Override
    public void write(List<KvWrite> writes) {
        throw new KvStoreException("the store is down (the benchmark's outage before a crash)");
    }

    @Override
    public Map<String, byte[]> read(Collection<String> keys) {
        throw new KvStoreException("the store is down (the benchmark's outage before a crash)");
    }

    @Override
    public void close() {
    }
}
