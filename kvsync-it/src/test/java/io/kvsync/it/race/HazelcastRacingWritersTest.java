package io.kvsync.it.race;

import io.kvsync.spi.KvStore;
import io.kvsync.store.hazelcast.HazelcastKvStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Racing writers on Hazelcast: two embedded members form one cluster, and each engine's store uses its
 * own member, as two application JVMs would. The versions are fenced by the store's entry processor on
 * the member that owns each key.
 */
class HazelcastRacingWritersTest extends RacingWritersContract {

    private static EmbeddedMembers members;
    private final AtomicInteger storesMade = new AtomicInteger();

    @BeforeAll
    static void startMembers() {
        members = EmbeddedMembers.start(2);
    }

    @AfterAll
    static void stopMembers() {
        if (members != null) {
            members.close();
        }
    }

    @Override
    protected KvStore newStore() {
        return HazelcastKvStore.builder()
                .instance(members.member(storesMade.getAndIncrement() % 2))
                .mapName("kvsync-it-race")
                // Outlasts the slowest late delivery of the test by far, as it must in production.
                .tombstoneTtl(Duration.ofMinutes(5))
                .build();
    }
}
