package io.kvsync.hibernate;

import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.api.KvSyncUsageException;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
            Customer detached = new Customer("still-open", "x");
            detached.id = 999L;
            kv.sync(detached);
        }
    }

    @Test
    void auto_register_makes_the_integrator_build_an_instance_from_the_settings_that_closes_with_the_session_factory() {
        String uuid = "settings-" + UUID.randomUUID();
        Configuration configuration = h2()
                .setProperty(KvSyncIntegrator.AUTO_REGISTER, "true")
                .setProperty("kvsync.store", "shared-memory")
                .setProperty("kvsync.marshaler", "json");
        try (SessionFactory sessionFactory = configuration.buildSessionFactory()) {
            sessionFactory.inTransaction(session -> session.persist(new Customer(uuid, "From settings")));
            // The instance the integrator built is reachable, so the application can read, resync and reconcile.
            KvSync built = KvSyncHibernate.instance(sessionFactory).orElseThrow();
            assertThat(built.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(built.fetch(Customer.probeByUuid(uuid), "uuid")).map(c -> c.name).contains("From settings");
            assertThat(KvSyncHibernate.resync(sessionFactory, built, Customer.class).rows()).isEqualTo(1);
        }
        // Closing the session factory closed (and so drained) the KvSync the integrator built.
        assertThat(SharedMemoryStoreProvider.LAST_CLOSED).isTrue();
        KvStore shared = SharedMemoryStoreProvider.SHARED;
        byte[] bytes = shared.read(List.of("customer:uuid:" + uuid)).get("customer:uuid:" + uuid);
        assertThat(bytes).isNotNull();
        assertThat(JsonMarshaler.create().unmarshal(bytes, Customer.class).name).isEqualTo("From settings");
    }

    @Test
    void kvsync_settings_without_the_switch_register_nothing_so_the_application_registers_its_own_instance() {
        // As when -Dkvsync.store=… configures an instance the application builds: Hibernate copies such
        // settings into its own, and they must not make the integrator register a second instance.
        HibernateFixture.RecordingStore store = new HibernateFixture.RecordingStore();
        Configuration configuration = h2()
                .setProperty("kvsync.store", "shared-memory")
                .setProperty("kvsync.marshaler", "json");
        try (SessionFactory sessionFactory = configuration.buildSessionFactory();
             KvSync kv = HibernateFixture.kvSync(store)) {
            assertThat(KvSyncHibernate.instance(sessionFactory)).isEmpty();
            KvSyncHibernate.register(sessionFactory, kv);
            assertThat(KvSyncHibernate.instance(sessionFactory)).containsSame(kv);
            sessionFactory.inTransaction(session -> session.persist(new Customer("own-instance", "Mine")));
            assertThat(kv.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(store.writes).extracting(w -> w.key()).contains("customer:uuid:own-instance");
        }
    }

    @Test
    void a_second_registration_is_refused_and_points_to_the_registered_instance() {
        HibernateFixture.RecordingStore store = new HibernateFixture.RecordingStore();
        Configuration configuration = h2().setProperty(KvSyncIntegrator.AUTO_REGISTER, "true")
                .setProperty("kvsync.store", "shared-memory");
        try (SessionFactory sessionFactory = configuration.buildSessionFactory();
             KvSync kv = HibernateFixture.kvSync(store)) {
            assertThatThrownBy(() -> KvSyncHibernate.register(sessionFactory, kv))
                    .isInstanceOf(KvSyncUsageException.class)
                    .hasMessageContaining("built by the integrator")
                    .hasMessageContaining("KvSyncHibernate.instance(sessionFactory)");
        }
    }

    @Test
    void an_auto_register_value_other_than_true_or_false_is_a_configuration_error() {
        Configuration configuration = h2().setProperty(KvSyncIntegrator.AUTO_REGISTER, "yes");
        assertThatThrownBy(configuration::buildSessionFactory)
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining(KvSyncIntegrator.AUTO_REGISTER).hasMessageContaining("\"yes\"");
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
