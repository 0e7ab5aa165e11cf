package io.kvsync.store.hazelcast;

import io.kvsync.engine.e2e.EndToEndContract;
import io.kvsync.spi.KvStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine's end-to-end suite through a client of a two-member cluster. */
class ClientEndToEndTest extends EndToEndContract {

    @RegisterExtension
    static final SharedCluster CLUSTER = SharedCluster.ofSize(2);

    @Override
    protected KvStore createStore() {
        return HazelcastKvStore.builder().instance(CLUSTER.get().client()).mapName("kvsync-e2e").build();
    }
}
