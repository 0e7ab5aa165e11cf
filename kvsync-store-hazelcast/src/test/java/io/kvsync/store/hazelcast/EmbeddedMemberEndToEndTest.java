package io.kvsync.store.hazelcast;

import io.kvsync.engine.e2e.EndToEndContract;
import io.kvsync.spi.KvStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine's end-to-end suite on a store given an embedded member. */
class EmbeddedMemberEndToEndTest extends EndToEndContract {

    @RegisterExtension
    static final SharedCluster CLUSTER = SharedCluster.ofSize(1);

    @Override
    protected KvStore createStore() {
        return HazelcastKvStore.builder().instance(CLUSTER.get().member(0)).mapName("kvsync-e2e").build();
    }
}
