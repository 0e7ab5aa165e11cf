package io.kvsync.hibernate;

import io.kvsync.engine.KvSync;
import io.kvsync.spi.KvWrite;
import org.hibernate.Hibernate;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Replication of Hibernate changes, run once per database. */
abstract class HibernateReplicationTestBase {

    /** The JDBC URL of the database to test on (may skip or fail the test when the database is absent). */
    abstract String jdbcUrl();

    /** The marshaler to replicate with; {@code null} for the default (BSON). */
    io.kvsync.spi.Marshaler marshaler() {
        return null;
    }

    /** The {@code kvsync.*} settings of the engine (the delivery mode, for instance). */
    Map<String, String> settings() {
        return Map.of();
    }

    /** Whether the changes go through the outbox ({@code kvsync.delivery=outbox}). */
    boolean outbox() {
        return "outbox".equals(settings().get("kvsync.delivery"));
    }

    HibernateFixture.SqlCounter sql;
    HibernateFixture.RecordingStore store;
    KvSync kv;
    SessionFactory sessionFactory;

    @BeforeEach
    void start() {
        sql = new HibernateFixture.SqlCounter();
        store = new HibernateFixture.RecordingStore();
        kv = HibernateFixture.kvSync(store, marshaler(), settings());
        sessionFactory = HibernateFixture.build(HibernateFixture.configuration(jdbcUrl(), sql));
        KvSyncHibernate.register(sessionFactory, kv);
    }

    @AfterEach
    void stop() {
        if (outbox() && sessionFactory != null && sessionFactory.isOpen() && !kv.isClosed()) {
            // Every test's changes were written: each left its outbox row, and each row went once written.
            kv.awaitIdle(Duration.ofSeconds(10));
            HibernateFixture.eventually("the outbox table is empty once every change is written", Duration.ofSeconds(10),
                    () -> HibernateFixture.outboxRows(sessionFactory) == 0);
        }
        if (sessionFactory != null) {
            sessionFactory.close();
        }
        if (kv != null) {
            kv.close();
        }
    }

    Customer persisted(String uuid, String name) {
        Customer customer = new Customer(uuid, name);
        sessionFactory.inTransaction(session -> session.persist(customer));
        return customer;
    }

    Optional<Customer> byUuid(String uuid) {
        return kv.fetch(Customer.probeByUuid(uuid), "uuid");
    }

    void idle() {
        assertThat(kv.awaitIdle(Duration.ofSeconds(30))).as("replication finished").isTrue();
    }

    @Test
    void an_insert_is_replicated_under_every_key_after_commit() {
        Customer customer = persisted("c-1", "Ada");
        idle();

        assertThat(byUuid("c-1")).map(c -> c.name).contains("Ada");
        assertThat(kv.fetchByKey(Customer.class, "customer:id:" + customer.id)).map(c -> c.uuid).contains("c-1");
        assertThat(kv.fetchByKey(Customer.class, "customer:composite:" + customer.id + "_c-1")).isPresent();
    }

    @Test
    void an_update_replaces_the_stored_state() {
        Customer customer = persisted("c-2", "Grace");
        sessionFactory.inTransaction(session -> session.find(Customer.class, customer.id).name = "Grace Hopper");
        idle();

        assertThat(byUuid("c-2")).map(c -> c.name).contains("Grace Hopper");
    }

    @Test
    void a_delete_removes_every_key() {
        Customer customer = persisted("c-3", "Alan");
        idle();
        sessionFactory.inTransaction(session -> session.remove(session.find(Customer.class, customer.id)));
        idle();

        assertThat(byUuid("c-3")).isEmpty();
        assertThat(kv.fetchByKey(Customer.class, "customer:id:" + customer.id)).isEmpty();
        assertThat(kv.fetchByKey(Customer.class, "customer:composite:" + customer.id + "_c-3")).isEmpty();
    }

    @Test
    void changing_a_key_field_removes_the_old_key() {
        Customer customer = persisted("old-uuid", "Edsger");
        idle();
        sessionFactory.inTransaction(session -> session.find(Customer.class, customer.id).uuid = "new-uuid");
        idle();

        assertThat(byUuid("old-uuid")).isEmpty();
        assertThat(kv.fetchByKey(Customer.class, "customer:composite:" + customer.id + "_old-uuid")).isEmpty();
        assertThat(byUuid("new-uuid")).map(c -> c.name).contains("Edsger");
        assertThat(kv.fetchByKey(Customer.class, "customer:id:" + customer.id)).map(c -> c.uuid).contains("new-uuid");
    }

    @Test
    void a_rolled_back_transaction_writes_nothing() {
        Customer customer = persisted("c-4", "Barbara");
        idle();
        int writesBefore = store.writes.size();

        sessionFactory.inSession(session -> {
            Transaction tx = session.beginTransaction();
            session.persist(new Customer("c-rolled-back", "Nobody"));
            session.find(Customer.class, customer.id).name = "Changed";
            session.flush(); // the SQL ran; only the commit is missing
            tx.rollback();
        });
        idle();

        assertThat(store.writes.size()).isEqualTo(writesBefore);
        assertThat(byUuid("c-rolled-back")).isEmpty();
        assertThat(byUuid("c-4")).map(c -> c.name).contains("Barbara");
    }

    @Test
    void a_failed_commit_writes_nothing() {
        Customer customer = persisted("c-5", "Ken");
        idle();
        int writesBefore = store.writes.size();

        assertThatThrownBy(() -> sessionFactory.inTransaction(session -> {
            session.find(Customer.class, customer.id).name = "Changed";
            session.flush();
            throw new IllegalStateException("application failure after flush");
        })).isInstanceOf(IllegalStateException.class);
        idle();

        assertThat(store.writes.size()).isEqualTo(writesBefore);
        assertThat(byUuid("c-5")).map(c -> c.name).contains("Ken");
    }

    @Test
    void every_entity_of_a_list_persisted_in_one_transaction_is_replicated() {
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            customers.add(new Customer("batch-" + i, "n" + i));
        }
        sessionFactory.inTransaction(session -> customers.forEach(session::persist));
        idle();

        for (int i = 0; i < 120; i++) {
            assertThat(byUuid("batch-" + i)).as("batch-%d", i).map(c -> c.name).contains("n" + i);
        }
    }

    @Test
    void merging_a_detached_entity_is_replicated() {
        Customer customer = persisted("c-6", "Donald");
        customer.name = "Donald Knuth";
        sessionFactory.inTransaction(session -> session.merge(customer));
        idle();

        assertThat(byUuid("c-6")).map(c -> c.name).contains("Donald Knuth");
    }

    @Test
    void stateless_session_inserts_updates_and_deletes_are_replicated_after_commit() {
        Customer customer = new Customer("s-1", "Stateless");
        sessionFactory.inStatelessTransaction(session -> session.insert(customer));
        idle();
        assertThat(byUuid("s-1")).map(c -> c.name).contains("Stateless");

        customer.name = "Stateless updated";
        sessionFactory.inStatelessTransaction(session -> session.update(customer));
        idle();
        assertThat(byUuid("s-1")).map(c -> c.name).contains("Stateless updated");

        Customer upserted = new Customer("s-2", "Upserted");
        upserted.id = customer.id + 1_000_000;
        sessionFactory.inStatelessTransaction(session -> session.upsert(upserted));
        idle();
        assertThat(byUuid("s-2")).map(c -> c.name).contains("Upserted");

        sessionFactory.inStatelessTransaction(session -> session.delete(customer));
        idle();
        assertThat(byUuid("s-1")).isEmpty();
    }

    @Test
    void a_rolled_back_stateless_transaction_writes_nothing() {
        try (StatelessSession session = sessionFactory.openStatelessSession()) {
            Transaction tx = session.beginTransaction();
            session.insert(new Customer("s-rolled-back", "Nobody"));
            tx.rollback();
        }
        idle();

        assertThat(byUuid("s-rolled-back")).isEmpty();
        assertThat(store.writes).isEmpty();
    }

    @Test
    void replicating_never_loads_a_lazy_association() {
        Customer customer = persisted("c-7", "Owner");
        PurchaseOrder order = new PurchaseOrder("PO-1", new BigDecimal("10.50"), customer);
        sessionFactory.inTransaction(session -> session.persist(order));
        idle();

        List<PurchaseOrder> loaded = new ArrayList<>();
        List<Integer> statementsDuringCommit = new ArrayList<>();
        sessionFactory.inSession(session -> {
            Transaction tx = session.beginTransaction();
            PurchaseOrder managed = session.find(PurchaseOrder.class, order.id);
            managed.amount = new BigDecimal("99.99");
            int before = sql.count.get();
            tx.commit(); // flush (the UPDATE), then the after-commit replication
            statementsDuringCommit.add(sql.count.get() - before);
            loaded.add(managed);
        });
        idle();

        assertThat(statementsDuringCommit).as("SQL run by the commit").containsExactly(1);
        assertThat(Hibernate.isInitialized(loaded.get(0).customer)).as("customer proxy still uninitialized").isFalse();
        PurchaseOrder stored = kv.fetchByKey(PurchaseOrder.class, "order:number:PO-1").orElseThrow();
        assertThat(stored.amount).isEqualByComparingTo("99.99");
        assertThat(stored.customer).as("an unloaded association is skipped, not fetched").isNull();
    }

    @Test
    void the_version_travels_with_every_write() {
        Customer customer = persisted("c-8", "Versioned");
        idle(); // otherwise the update may coalesce with the insert, and only version 1 is written
        sessionFactory.inTransaction(session -> session.find(Customer.class, customer.id).name = "v1");
        idle();

        List<Long> versions = store.writes.stream()
                .filter(w -> w.key().equals("customer:uuid:c-8"))
                .map(KvWrite::version).toList();
        assertThat(versions).containsExactly(0L, 1L);
        assertThat(store.writes).filteredOn(w -> w.key().startsWith("order:")).isEmpty();
    }

    @Test
    void a_bidirectional_cycle_fails_with_a_clear_report_and_the_rest_of_the_transaction_is_replicated() {
        List<io.kvsync.api.SyncReport> reports = new CopyOnWriteArrayList<>();
        kv.close(); // closes its store too
        store = new HibernateFixture.RecordingStore();
        io.kvsync.engine.KvSyncBuilder builder = io.kvsync.engine.KvSync.builder().properties(settings()).store(store)
                .onReport(reports::add);
        if (marshaler() != null) {
            builder.marshaler(marshaler());
        }
        kv = builder.build();
        sessionFactory.close();
        sessionFactory = HibernateFixture.build(HibernateFixture.configuration(jdbcUrl(), sql));
        KvSyncHibernate.register(sessionFactory, kv);

        Team team = new Team("loop");
        sessionFactory.inTransaction(session -> {
            session.persist(team);
            session.persist(new Team.Player(team));
            session.persist(new Customer("same-tx", "Unaffected"));
        });
        idle();

        assertThat(reports).filteredOn(r -> !r.ok()).isNotEmpty()
                .allSatisfy(r -> {
                    assertThat(r.entityType()).isEqualTo(Team.class);
                    assertThat(r.error()).isInstanceOf(io.kvsync.api.MarshalException.class)
                            .hasMessageContaining("Team");
                });
        assertThat(kv.fetchByKey(Team.class, "team:id:" + team.id)).isEmpty();
        assertThat(byUuid("same-tx")).map(c -> c.name).contains("Unaffected");
    }

    @Test
    void entities_that_are_not_syncable_are_ignored() {
        sessionFactory.inTransaction(session -> session.persist(new AuditEntry("not replicated")));
        idle();

        assertThat(store.writes).isEmpty();
        assertThat(kv.stats().enqueued()).isZero();
    }

    @Test
    void registering_twice_on_one_session_factory_is_refused() {
        assertThatThrownBy(() -> KvSyncHibernate.register(sessionFactory, kv))
                .isInstanceOf(io.kvsync.api.KvSyncUsageException.class)
                .hasMessageContaining("already registered");
    }

    @Test
    @DisplayName("entries of a higher version left by an earlier database survive a resync, but not an overwriting one")
    void an_overwriting_resync_replaces_entries_of_a_recreated_database() {
        Customer customer = persisted("c-9", "Current");
        idle();
        // What a previous incarnation of the database left under the same key: a higher version.
        byte[] stale = kv.marshaler().marshal(new Customer("c-9", "From an old database"));
        store.write(List.of(new KvWrite.Put("customer:uuid:c-9", stale, null, 99)));

        KvSyncHibernate.resync(sessionFactory, kv, Customer.class);
        assertThat(byUuid("c-9")).map(c -> c.name).as("fenced: version 0 < 99").contains("From an old database");

        KvSyncHibernate.resync(sessionFactory, kv, Customer.class, ResyncOptions.defaults().withOverwrite(true));
        assertThat(byUuid("c-9")).map(c -> c.name).contains("Current");
        assertThat(kv.fetchByKey(Customer.class, "customer:id:" + customer.id)).isPresent();
    }

    @Test
    @DisplayName("reconcile finds and repairs what changed behind the store's back, then finds nothing")
    void reconcile_repairs_changes_that_were_never_replicated() {
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            customers.add(persisted("r-" + i, "row " + i));
        }
        idle();
        // Committed changes whose replication never happened, as after a kill -9 between commit and replication.
        sessionFactory.inTransaction(session -> session.doWork(connection -> {
            try (java.sql.Statement sql = connection.createStatement()) {
                sql.executeUpdate("update Customer set name = 'renamed', version = version + 1 where uuid in ('r-0', 'r-1', 'r-2')");
                sql.executeUpdate("update Customer set uuid = 'r-moved', version = version + 1 where uuid = 'r-3'");
                sql.executeUpdate("delete from Customer where uuid in ('r-4', 'r-5')");
                sql.executeUpdate("insert into Customer (id, uuid, name, version) values (9000001, 'r-new', 'inserted', 0)");
            }
        }));
        List<ReconcileProgress> progress = new CopyOnWriteArrayList<>();
        ReconcileOptions options = ReconcileOptions.defaults().withBatchSize(16).withOrphanPrefixes("customer:")
                .withProgress(progress::add);

        ReconcileResult first = KvSyncHibernate.reconcile(sessionFactory, kv, Customer.class, options);

        assertThat(first.rows()).isEqualTo(39);
        assertThat(first.differing()).as("3 renamed rows × 3 keys, plus the moved row's id key").isEqualTo(10);
        assertThat(first.missing()).as("the moved row's 2 new keys, the new row's 3").isEqualTo(5);
        assertThat(first.orphans()).as("2 deleted rows × 3 keys, the moved row's 2 old keys").isEqualTo(8);
        assertThat(first.repairedRows()).isEqualTo(5);
        assertThat(first.idle()).isTrue();
        assertThat(progress).extracting(ReconcileProgress::phase).contains("rows", "orphans");

        ReconcileResult second = KvSyncHibernate.reconcile(sessionFactory, kv, Customer.class, options);
        assertThat(second.divergence()).as("after the repair").isZero();
        assertThat(byUuid("r-0")).map(c -> c.name).contains("renamed");
        assertThat(byUuid("r-3")).isEmpty();
        assertThat(byUuid("r-moved")).isPresent();
        assertThat(byUuid("r-4")).isEmpty();
        assertThat(byUuid("r-new")).map(c -> c.name).contains("inserted");
    }

    @Test
    @DisplayName("reconcile counts a key that two rows justify as a conflict, apart from the divergence")
    void reconcile_counts_a_key_two_rows_justify_as_a_conflict() {
        persisted("k-1", "first");
        Customer second = persisted("k-2", "second");
        idle();
        // A uuid without a unique constraint, set behind Hibernate's back: both rows now form customer:uuid:k-1.
        sessionFactory.inTransaction(session -> session.doWork(connection -> {
            try (java.sql.Statement sql = connection.createStatement()) {
                sql.executeUpdate("update Customer set uuid = 'k-1', version = version + 1 where uuid = 'k-2'");
            }
        }));
        ReconcileOptions options = ReconcileOptions.defaults().withOrphanPrefixes("customer:");

        ReconcileResult result = KvSyncHibernate.reconcile(sessionFactory, kv, Customer.class, options);

        assertThat(result.conflicts()).isEqualTo(1);
        assertThat(result.divergence()).as("the second row's id and uuid keys differ, its new composite key is"
                + " missing, its old uuid and composite keys are orphans; the conflict is not counted").isEqualTo(5);
        assertThat(kv.fetchByKey(Customer.class, "customer:id:" + second.id)).map(c -> c.uuid).contains("k-1");
        ReconcileResult withoutOrphanSearch = KvSyncHibernate.reconcile(sessionFactory, kv, Customer.class,
                ReconcileOptions.defaults());
        assertThat(withoutOrphanSearch.conflicts()).as("looked for only with orphan prefixes").isZero();
    }

    @Test
    @DisplayName("resync replicates 10,000 rows that bulk SQL wrote behind Hibernate's back, with progress")
    void resync_replicates_rows_written_by_bulk_sql() {
        String prefix = "bulk-" + UUID.randomUUID() + "-";
        sessionFactory.inTransaction(session -> session.doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into Customer (id, uuid, name, version) values (?, ?, ?, 0)")) {
                for (int i = 0; i < 10_000; i++) {
                    insert.setLong(1, 5_000_000L + i);
                    insert.setString(2, prefix + i);
                    insert.setString(3, "row " + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }));
        idle();
        assertThat(store.writes).as("bulk SQL bypasses entity events").isEmpty();

        List<ResyncProgress> progress = new CopyOnWriteArrayList<>();
        ResyncResult result = KvSyncHibernate.resync(sessionFactory, kv, Customer.class,
                ResyncOptions.defaults().withBatchSize(1_000).withProgress(progress::add));

        assertThat(result.rows()).isEqualTo(10_000);
        assertThat(result.failed()).isZero();
        assertThat(result.idle()).isTrue();
        assertThat(progress).hasSizeGreaterThanOrEqualTo(10);
        assertThat(progress.get(progress.size() - 1)).isEqualTo(new ResyncProgress(Customer.class, 10_000, 10_000));
        for (int i = 0; i < 10_000; i += 97) {
            assertThat(byUuid(prefix + i)).as("row %d", i).map(c -> c.name).contains("row " + i);
        }
        assertThat(kv.fetchByKey(Customer.class, "customer:id:" + (5_000_000L + 9_999))).isPresent();
    }
}
