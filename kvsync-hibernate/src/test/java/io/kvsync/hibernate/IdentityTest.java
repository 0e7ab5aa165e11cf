package io.kvsync.hibernate;

import io.kvsync.api.KvSyncKeyConflictException;
import io.kvsync.api.SyncReport;
import io.kvsync.engine.KvSync;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.store.memory.MemoryKvStore;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Committed changes carry the row's id, by which the engine tells two rows claiming one key apart. */
class IdentityTest {

    /** Holds the first batch until opened, so that later writes wait together in the lane. */
    static final class GatedStore implements KvStore {
        final KvStore delegate = MemoryKvStore.builder().build();
        final CountDownLatch blocked = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);

        @Override
        public void write(List<KvWrite> batch) {
            blocked.countDown();
            try {
                if (!open.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the gate was never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            delegate.write(batch);
        }

        @Override
        public Map<String, byte[]> read(Collection<String> keys) {
            return delegate.read(keys);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Test
    void two_rows_claiming_one_single_key_while_pending_are_reported_by_their_ids() throws InterruptedException {
        GatedStore store = new GatedStore();
        List<SyncReport> reports = new CopyOnWriteArrayList<>();
        try (KvSync kv = KvSync.builder().store(store).workers(1).onReport(reports::add).build();
             SessionFactory sessionFactory = HibernateFixture.configuration(
                     "jdbc:h2:mem:identity-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null)
                     .addAnnotatedClass(Nickname.class).buildSessionFactory()) {
            KvSyncHibernate.register(sessionFactory, kv);
            sessionFactory.inTransaction(session -> session.persist(new Nickname("plug")));
            assertThat(store.blocked.await(10, TimeUnit.SECONDS)).as("the worker holds the plug at the gate").isTrue();
            Nickname first = new Nickname("shared");
            Nickname second = new Nickname("shared");
            sessionFactory.inTransaction(session -> session.persist(first));
            sessionFactory.inTransaction(session -> session.persist(second));
            store.open.countDown();
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();

            assertThat(reports).filteredOn(report -> !report.ok()).singleElement().satisfies(report ->
                    assertThat(report.error()).isInstanceOf(KvSyncKeyConflictException.class)
                            .hasMessageContaining("kept " + Nickname.class.getName() + " id=" + second.id)
                            .hasMessageContaining("dropped " + Nickname.class.getName() + " id=" + first.id));
            assertThat(kv.stats().conflicts()).isEqualTo(1);
        }
    }
}
