package io.kvsync.it.outbox;

import io.kvsync.api.KvStoreException;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Redis until {@link #down} is set: from then on every write fails, as if Redis were unreachable. */
final class SwitchableStore implements KvStore {

    private final KvStore redis;
    volatile boolean down;

    SwitchableStore(KvStore redis) {
        this.redis = redis;
    }

    @Override
    public void write(List<KvWrite> writes) {
        write(writes, UncertainOrders.NONE);
    }

    @Override
    public void write(List<KvWrite> writes, UncertainOrders uncertain) {
        if (down) {
            throw new KvStoreException("Redis is unreachable (the test cut it)");
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
        redis.close();
    }
}
