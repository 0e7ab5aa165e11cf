package io.kvsync.store.hazelcast;

import io.kvsync.spi.KvStore;
import io.kvsync.tck.KvStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/** The store contract on a store given an embedded member (a cluster of one). */
class EmbeddedMemberContractTest extends KvStoreContract {

    @RegisterExtension
    static final SharedCluster CLUSTER = SharedCluster.ofSize(1);

    /**
     * Two seconds, not one as for the other stores: Hazelcast keeps expiration times in whole seconds, so a
     * one-second tombstone can expire within a millisecond of its write (a contract test that reads a
     * tombstone 35 ms after writing it failed so on CI).
     */
    private static final Duration TOMBSTONE_TTL = Duration.ofSeconds(2);

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
