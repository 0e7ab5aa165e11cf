package io.kvsync.it.race;

import io.kvsync.spi.KvStore;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

/**
 * Racing writers on Hazelcast: two embedded members form one cluster, and each engine's store uses its
 * own member, as two application JVMs would. The versions are fenced by the store's entry processor on
 * the member that owns each key.
 */
class HazelcastRacingWritersTest extends RacingWritersContract {

    @RegisterExtension
    static final EmbeddedMembers.Pair members = new EmbeddedMembers.Pair();

    @Override
    protected KvStore newStore() {
        // Outlasts the slowest late delivery of the test by far, as it must in production.
        return members.nextStore("kvsync-it-race", Duration.ofMinutes(5));
    }
}
