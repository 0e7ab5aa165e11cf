package io.kvsync.store.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine's end-to-end suite on a store given an embedded member. */
class EmbeddedMemberEndToEndTest extends HazelcastEndToEndContract {

    @RegisterExtension
    static final SharedCluster CLUSTER = SharedCluster.ofSize(1);

    @Override
    protected HazelcastInstance instance() {
        return CLUSTER.get().member(0);
    }
}
