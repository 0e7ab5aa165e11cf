package io.kvsync.store.hazelcast;

import com.hazelcast.core.EntryView;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.kvsync.engine.e2e.EndToEndContract;
import io.kvsync.spi.KvStore;

import java.time.Duration;
import java.util.Optional;

/**
 * The engine's end-to-end suite on Hazelcast: every store of a test is given the same instance and map,
 * and what the map holds is read back from the map itself.
 */
abstract class HazelcastEndToEndContract extends EndToEndContract {

    private static final String MAP = "kvsync-e2e";

    /** The instance the stores are given: a member, or a client of the cluster. */
    protected abstract HazelcastInstance instance();

    @Override
    protected KvStore createStore() {
        return HazelcastKvStore.builder().instance(instance()).mapName(MAP).build();
    }

    @Override
    protected boolean holds(KvStore store, String storedKey) {
        return map().containsKey(storedKey);
    }

    /** From the entry's expiration time, which Hazelcast sets to {@link Long#MAX_VALUE} for "never". */
    @Override
    protected Optional<Duration> remainingTtl(KvStore store, String storedKey) {
        EntryView<String, byte[]> entry = map().getEntryView(storedKey);
        if (entry == null || entry.getExpirationTime() == Long.MAX_VALUE) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(entry.getExpirationTime() - System.currentTimeMillis()));
    }

    private IMap<String, byte[]> map() {
        return instance().getMap(MAP);
    }
}
