package io.kvsync.hibernate;

import io.kvsync.api.KvStoreException;
import io.kvsync.api.KvSyncConfigurationException;
import io.kvsync.engine.KvSync;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.spi.UncertainOrders;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transactional outbox ({@code kvsync.delivery=outbox}) on a real database: a change keeps its row until
 * the store has it, a rolled-back transaction leaves none, a full queue never holds a commit, and the relay
 * delivers what a process that died (here: closed with its store down) committed but never replicated.
 */
abstract class OutboxTestBase {

    private static final Duration WAIT = Duration.ofSeconds(20);

    abstract String jdbcUrl();

    private final List<SessionFactory> factories = new ArrayList<>();
    private final List<KvSync> engines = new ArrayList<>();

    @BeforeEach
    void dropOutbox() {
        dropOutboxTable();
    }

    @AfterEach
    void closeAll() {
        factories.forEach(SessionFactory::close);
        engines.forEach(KvSync::close);
        dropOutboxTable();
    }

    private void dropOutboxTable() {
        SessionFactory plain = HibernateFixture.configuration(jdbcUrl(), null).setProperty("hibernate.hbm2ddl.auto", "none")
                .buildSessionFactory();
        try {
            plain.inStatelessTransaction(session -> session.createNativeMutationQuery("drop table if exists kvsync_outbox")
                    .executeUpdate());
        } finally {
            plain.close();
        }
    }

    /** A session factory on the test database with KVSync registered; {@code schema}: hbm2ddl's action. */
    private SessionFactory factory(KvSync kv, String schema) {
        SessionFactory factory = HibernateFixture.configuration(jdbcUrl(), null).setProperty("hibernate.hbm2ddl.auto", schema)
                .buildSessionFactory();
        factories.add(factory);
        KvSyncHibernate.register(factory, kv);
        return factory;
    }

    private KvSync engine(KvStore store, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(HibernateFixture.outbox());
        settings.putAll(extra);
        KvSync kv = HibernateFixture.kvSync(store, null, settings);
        engines.add(kv);
        return kv;
    }

    private static Customer persist(SessionFactory factory, String uuid) {
        Customer customer = new Customer(uuid, "name-" + uuid);
        factory.inTransaction(session -> session.persist(customer));
        return customer;
    }

    private static String held(KvStore store, String key) {
        byte[] bytes = store.read(List.of(key)).get(key);
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void a_committed_change_keeps_its_outbox_row_until_the_store_has_it() {
        GatedStore store = new GatedStore();
        KvSync kv = engine(store, Map.of("kvsync.outbox.grace", "10m"));
        SessionFactory factory = factory(kv, "create");

        Customer customer = persist(factory, "kept");

        assertThat(HibernateFixture.outboxRows(factory)).isEqualTo(1);
        store.open();
        HibernateFixture.eventually("the written change's outbox row is deleted", WAIT,
                () -> HibernateFixture.outboxRows(factory) == 0);
        assertThat(kv.fetch(Customer.probeByUuid("kept"), "uuid")).map(c -> c.id).contains(customer.id);
    }

    @Test
    void a_rolled_back_transaction_leaves_no_outbox_row_and_writes_nothing() {
        HibernateFixture.RecordingStore store = new HibernateFixture.RecordingStore();
        KvSync kv = engine(store, Map.of());
        SessionFactory factory = factory(kv, "create");

        try (var session = factory.openSession()) {
            var tx = session.beginTransaction();
            session.persist(new Customer("rolled-back", "x"));
            session.flush();
            tx.rollback();
        }
        kv.awaitIdle(WAIT);

        assertThat(HibernateFixture.outboxRows(factory)).isZero();
        assertThat(store.writes).isEmpty();
    }

    @Test
    void a_stateless_session_records_its_changes_in_the_outbox_too() {
        GatedStore store = new GatedStore();
        KvSync kv = engine(store, Map.of("kvsync.outbox.grace", "10m"));
        SessionFactory factory = factory(kv, "create");

        factory.inStatelessTransaction(session -> {
            session.insert(new Customer("stateless-1", "a"));
            session.insert(new Customer("stateless-2", "b"));
        });

        assertThat(HibernateFixture.outboxRows(factory)).isEqualTo(2);
        store.open();
        HibernateFixture.eventually("both rows are deleted once written", WAIT,
                () -> HibernateFixture.outboxRows(factory) == 0);
        assertThat(kv.fetch(Customer.probeByUuid("stateless-2"), "uuid")).isPresent();
    }

    @Test
    void a_full_queue_never_holds_a_commit_and_the_relay_delivers_what_it_refused() {
        GatedStore store = new GatedStore();
        // Room for one key, and an engine offer timeout long enough that a commit waiting for room would hang.
        KvSync kv = engine(store, Map.of("kvsync.queue.capacity", "1", "kvsync.queue.offer-timeout", "10m"));
        SessionFactory factory = factory(kv, "create");

        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            customers.add(persist(factory, "full-" + i)); // each returns while the store holds the first write
        }

        assertThat(kv.stats().rejected()).isPositive();
        assertThat(HibernateFixture.outboxRows(factory)).isEqualTo(20);
        store.open();
        HibernateFixture.eventually("the relay delivers every refused change and the outbox empties", WAIT,
                () -> HibernateFixture.outboxRows(factory) == 0);
        kv.awaitIdle(WAIT);
        for (Customer customer : customers) {
            assertThat(kv.fetch(Customer.probeByUuid(customer.uuid), "uuid")).as(customer.uuid).map(c -> c.id)
                    .contains(customer.id);
        }
    }

    @Test
    void stats_show_the_outbox_depth_and_the_age_of_its_oldest_row() {
        GatedStore store = new GatedStore();
        KvSync kv = engine(store, Map.of("kvsync.outbox.grace", "10m"));
        SessionFactory factory = factory(kv, "create");

        persist(factory, "gauge-1");
        persist(factory, "gauge-2");

        HibernateFixture.eventually("the relay measures two waiting rows", WAIT, () -> kv.stats().outboxDepth() == 2);
        assertThat(kv.stats().outboxOldestAge()).isPositive();
        store.open();
        HibernateFixture.eventually("the relay measures an empty outbox", WAIT, () -> kv.stats().outboxDepth() == 0);
        assertThat(kv.stats().outboxOldestAge()).isZero();
    }

    @Test
    void the_relay_delivers_what_a_process_that_died_committed_but_never_replicated() {
        HibernateFixture.RecordingStore shared = new HibernateFixture.RecordingStore();
        // The first process: its store is down, and it closes without waiting, as a kill would leave it.
        KvSync dying = engine(new DownStore(), Map.of("kvsync.shutdown.timeout", "0s"));
        SessionFactory first = factory(dying, "create");
        Customer kept = persist(first, "survivor");
        Customer renamed = persist(first, "old-uuid");
        first.inTransaction(session -> session.find(Customer.class, renamed.id).uuid = "new-uuid");
        Customer deleted = persist(first, "doomed");
        first.inTransaction(session -> session.remove(session.find(Customer.class, deleted.id)));
        // What an earlier replication left in the store, which the dead process's changes must replace.
        shared.write(List.of(KvWrite.Put.of("customer:uuid:old-uuid", new byte[] {1}),
                KvWrite.Put.of("customer:uuid:doomed", new byte[] {2})));
        dying.close();
        first.close();
        assertThat(held(shared, "customer:uuid:survivor")).isNull();

        // The next process, on the same database and store, delivers all of it without a reconcile.
        KvSync next = engine(shared, Map.of());
        SessionFactory second = factory(next, "none");

        HibernateFixture.eventually("the relay empties the outbox", WAIT, () -> HibernateFixture.outboxRows(second) == 0);
        next.awaitIdle(WAIT);
        assertThat(next.fetch(Customer.probeByUuid("survivor"), "uuid")).map(c -> c.id).contains(kept.id);
        assertThat(next.fetch(Customer.probeByUuid("new-uuid"), "uuid")).map(c -> c.id).contains(renamed.id);
        assertThat(held(shared, "customer:uuid:old-uuid")).as("the key the rename retired").isNull();
        assertThat(held(shared, "customer:uuid:doomed")).as("a key of the deleted row").isNull();
        assertThat(held(shared, "customer:id:" + deleted.id)).as("a key of the deleted row").isNull();
    }

    @Test
    void the_relay_leaves_rows_of_entities_this_session_factory_does_not_map() {
        KvSync kv = engine(new HibernateFixture.RecordingStore(), Map.of());
        SessionFactory factory = factory(kv, "create");
        factory.inStatelessTransaction(session -> session.createNativeMutationQuery("insert into kvsync_outbox (id, entity, "
                + "entity_id, op, version, stamp, born, origin, retired_keys, created_ms) values (7, 'com.example.Gone', '1', "
                + "'U', 1, 1, 0, 1, null, 0)").executeUpdate());

        persist(factory, "alongside");
        HibernateFixture.eventually("the relay has measured the foreign row and its own changes are written", WAIT,
                () -> kv.stats().outboxDepth() == 1 && HibernateFixture.outboxRows(factory) == 1);
        // Several relay passes later, it is still there.
        HibernateFixture.eventually("the relay passes again", WAIT, () -> kv.stats().outboxOldestAge().toSeconds() > 0);
        assertThat(HibernateFixture.outboxRows(factory)).isEqualTo(1);
    }

    @Test
    void a_transaction_whose_outbox_row_cannot_be_written_fails_and_commits_nothing() {
        HibernateFixture.RecordingStore store = new HibernateFixture.RecordingStore();
        KvSync kv = engine(store, Map.of("kvsync.outbox.ddl", "none")); // and no table: the insert fails
        SessionFactory factory = factory(kv, "create");

        assertThatThrownBy(() -> persist(factory, "unrecorded"))
                .hasStackTraceContaining("cannot record 1 change(s) in the outbox table kvsync_outbox")
                .hasStackTraceContaining("Customer");
        long rows = factory.fromStatelessTransaction(session -> session.createSelectionQuery(
                "select count(*) from Customer", Long.class).getSingleResult());
        assertThat(rows).as("the customer was rolled back with its missing outbox row").isZero();
        kv.awaitIdle(WAIT);
        assertThat(store.writes).isEmpty();
    }

    @Test
    void validate_fails_at_start_up_naming_the_missing_table() {
        KvSync kv = engine(new HibernateFixture.RecordingStore(), Map.of("kvsync.outbox.ddl", "validate"));
        SessionFactory factory = HibernateFixture.configuration(jdbcUrl(), null).buildSessionFactory();
        factories.add(factory);

        assertThatThrownBy(() -> KvSyncHibernate.register(factory, kv))
                .isInstanceOf(KvSyncConfigurationException.class)
                .hasMessageContaining("kvsync_outbox").hasMessageContaining("missing")
                .hasMessageContaining("kvsync.outbox.ddl=create");
        assertThat(KvSyncHibernate.instance(factory)).as("a failed registration leaves none behind").isEmpty();
    }

    @Test
    void validate_and_create_name_the_columns_a_wrong_table_lacks() {
        SessionFactory plain = HibernateFixture.configuration(jdbcUrl(), null).buildSessionFactory();
        factories.add(plain);
        plain.inStatelessTransaction(session -> session.createNativeMutationQuery(
                "create table kvsync_outbox (id bigint primary key, entity varchar(255))").executeUpdate());
        for (String ddl : List.of("validate", "create")) {
            KvSync kv = engine(new HibernateFixture.RecordingStore(), Map.of("kvsync.outbox.ddl", ddl));
            SessionFactory factory = HibernateFixture.configuration(jdbcUrl(), null).buildSessionFactory();
            factories.add(factory);

            assertThatThrownBy(() -> KvSyncHibernate.register(factory, kv)).as(ddl)
                    .isInstanceOf(KvSyncConfigurationException.class)
                    .hasMessageContaining("lacks the column(s)").hasMessageContaining("entity_id")
                    .hasMessageContaining("retired_keys");
        }
    }

    @Test
    void none_trusts_the_table_and_create_is_harmless_when_it_exists() {
        KvSync trusting = engine(new HibernateFixture.RecordingStore(), Map.of("kvsync.outbox.ddl", "none"));
        SessionFactory first = HibernateFixture.configuration(jdbcUrl(), null).buildSessionFactory();
        factories.add(first);
        KvSyncHibernate.register(first, trusting); // no table, and no complaint: a migration tool's job

        KvSync creating = engine(new HibernateFixture.RecordingStore(), Map.of());
        SessionFactory second = factory(creating, "create");
        KvSync again = engine(new HibernateFixture.RecordingStore(), Map.of());
        SessionFactory third = factory(again, "none");
        persist(third, "after-two-creates");
        HibernateFixture.eventually("the change is written and its row deleted", WAIT,
                () -> HibernateFixture.outboxRows(second) == 0 && again.stats().written() > 0);
    }

    /** A store that is down: every write fails. */
    private static final class DownStore extends HibernateFixture.RecordingStore {
        @Override
        public void write(List<KvWrite> batch) {
            throw new KvStoreException("the store is down");
        }

        @Override
        public void write(List<KvWrite> batch, UncertainOrders uncertain) {
            throw new KvStoreException("the store is down");
        }
    }
}
