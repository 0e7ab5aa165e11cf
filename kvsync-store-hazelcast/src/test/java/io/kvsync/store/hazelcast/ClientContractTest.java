package io.kvsync.store.hazelcast;

import io.kvsync.spi.KvStore;
import io.kvsync.tck.KvStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * The store contract through a client of a two-member cluster: every write crosses the network, and
 * versioned writes run the entry processor on whichever member owns the key.
 */
class ClientContractTest extends KvStoreContract {

    @RegisterExtension
    static final SharedCluster CLUSTER = SharedCluster.ofSize(2);

    private static final Duration TOMBSTONE_TTL = Duration.ofSeconds(1);

    @Override
    protected KvStore createStore() {
        return HazelcastKvStore.builder().instance(CLUSTER.get().client()).mapName("kvsync-contract")
                .tombstoneTtl(TOMBSTONE_TTL).build();
    }

    @Override
    protected Duration tombstoneTtl() {
        return TOMBSTONE_TTL;
    }
}
