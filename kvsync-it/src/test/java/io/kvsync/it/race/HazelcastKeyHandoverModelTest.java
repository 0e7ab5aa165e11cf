package io.kvsync.it.race;

import io.kvsync.hibernate.KeyHandoverModelContract;
import io.kvsync.spi.KvStore;
import io.kvsync.store.hazelcast.HazelcastKvStore;
import io.kvsync.tck.services.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The key hand-over model on PostgreSQL and Hazelcast: two embedded members form one cluster, and each
 * instance writes through its own member, as two application JVMs would; the entry processor fences each
 * key on the member that owns it.
 */
class HazelcastKeyHandoverModelTest extends KeyHandoverModelContract {

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
    protected String jdbcUrl() {
        return TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
    }

    @Override
    protected KvStore newStore() {
        return HazelcastKvStore.builder()
                .instance(members.member(storesMade.getAndIncrement() % 2))
                .mapName("kvsync-it-handover")
                .tombstoneTtl(Duration.ofMinutes(30))
                .build();
    }
}
