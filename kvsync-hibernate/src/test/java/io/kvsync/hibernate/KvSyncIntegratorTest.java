package io.kvsync.hibernate;

import io.kvsync.engine.KvSync;
import io.kvsync.marshal.json.JsonMarshaler;
import io.kvsync.spi.KvStore;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class KvSyncIntegratorTest {

    private static Configuration h2() {
        return HibernateFixture.configuration("jdbc:h2:mem:integrator-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null);
    }

    @Test
    void a_kvsync_instance_in_the_settings_is_registered_automatically_and_left_open() {
        HibernateFixture.RecordingStore store = new HibernateFixture.RecordingStore();
        try (KvSync kv = HibernateFixture.kvSync(store)) {
            Configuration configuration = h2();
            configuration.getProperties().put(KvSyncIntegrator.INSTANCE, kv);
            try (SessionFactory sessionFactory = configuration.buildSessionFactory()) {
                sessionFactory.inTransaction(session -> session.persist(new Customer("auto-1", "Automatic")));
                assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();
                assertThat(kv.fetch(Customer.probeByUuid("auto-1"), "uuid")).map(c -> c.name).contains("Automatic");
            }
            // The application owns the instance: closing the session factory must not close it.
            kv.sync(new Customer("still-open", "x"));
        }
    }

    @Test
    void kvsync_settings_make_the_integrator_build_an_instance_that_closes_with_the_session_factory() {
        String uuid = "settings-" + UUID.randomUUID();
        Configuration configuration = h2()
                .setProperty("kvsync.store", "shared-memory")
                .setProperty("kvsync.marshaler", "json");
        try (SessionFactory sessionFactory = configuration.buildSessionFactory()) {
            sessionFactory.inTransaction(session -> session.persist(new Customer(uuid, "From settings")));
        }
        // Closing the session factory closed (and so drained) the KvSync the integrator built.
        assertThat(SharedMemoryStoreProvider.LAST_CLOSED).isTrue();
        KvStore shared = SharedMemoryStoreProvider.SHARED;
        byte[] bytes = shared.read(List.of("customer:uuid:" + uuid)).get("customer:uuid:" + uuid);
        assertThat(bytes).isNotNull();
        assertThat(JsonMarshaler.create().unmarshal(bytes, Customer.class).name).isEqualTo("From settings");
    }

    @Test
    void without_kvsync_settings_the_integrator_does_nothing() {
        HibernateFixture.RecordingStore store = new HibernateFixture.RecordingStore();
        try (SessionFactory sessionFactory = h2().buildSessionFactory();
             KvSync kv = HibernateFixture.kvSync(store)) {
            sessionFactory.inTransaction(session -> session.persist(new Customer("plain", "Not replicated")));
            // Nothing registered yet, so an explicit registration is accepted.
            KvSyncHibernate.register(sessionFactory, kv);
            sessionFactory.inTransaction(session -> session.persist(new Customer("after", "Replicated")));
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(store.writes).extracting(w -> w.key()).contains("customer:uuid:after").doesNotContain("customer:uuid:plain");
        }
    }
}
