package io.kvsync.store.hazelcast;

import io.kvsync.spi.KvStore;
import io.kvsync.tck.KvStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** The store contract on a store given an embedded member (a cluster of one). */
class EmbeddedMemberContractTest extends KvStoreContract {

    @RegisterExtension
    static final SharedCluster CLUSTER = SharedCluster.ofSize(1);

    private static final Duration TOMBSTONE_TTL = Duration.ofSeconds(1);

    @Override
    protected KvStore createStore() {
        return HazelcastKvStore.builder().instance(CLUSTER.get().member(0)).mapName("kvsync-contract")
                .tombstoneTtl(TOMBSTONE_TTL).build();
    }

    @Override
    protected Duration tombstoneTtl() {
        return TOMBSTONE_TTL;
    }
}
