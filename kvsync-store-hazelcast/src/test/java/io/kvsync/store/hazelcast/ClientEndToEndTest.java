package io.kvsync.store.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine's end-to-end suite through a client of a two-member cluster. */
class ClientEndToEndTest extends HazelcastEndToEndContract {

    @RegisterExtension
    static final SharedCluster CLUSTER = SharedCluster.ofSize(2);

    @Override
    protected HazelcastInstance instance() {
        return CLUSTER.get().client();
    }
}
