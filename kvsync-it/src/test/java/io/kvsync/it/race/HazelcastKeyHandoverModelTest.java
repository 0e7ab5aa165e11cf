package io.kvsync.it.race;

import io.kvsync.hibernate.KeyHandoverModelContract;
import io.kvsync.spi.KvStore;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * The key hand-over model on PostgreSQL and Hazelcast: two embedded members form one cluster, and each
 * instance writes through its own member, as two application JVMs would; the entry processor fences each
 * key on the member that owns it.
 */
class HazelcastKeyHandoverModelTest extends KeyHandoverModelContract {

    @RegisterExtension
    static final EmbeddedMembers.Pair members = new EmbeddedMembers.Pair();

    @Override
    protected KvStore newStore() {
        // Outlasts the final replay of the oldest write, as tombstones must outlast late writes.
        return members.nextStore("kvsync-it-handover", Duration.ofMinutes(30));
    }
}
