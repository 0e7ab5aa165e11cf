package io.kvsync.hibernate;

import io.kvsync.api.KvSyncOverflowException;
import io.kvsync.api.SyncReport;
import io.kvsync.engine.KvSync;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Memory delivery (the default) when the queue is full: a commit never waits for room, the changes the queue
 * refused are remembered and read again from the database once it has room, and when even that memory is
 * full the entity type is reported and reconciled once the store has caught up.
 */
class OverflowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<SyncReport> reports = new CopyOnWriteArrayList<>();
    private SessionFactory factory;
    private KvSync kv;

    @AfterEach
    void close() {
        if (factory != null) {
            factory.close();
        }
        if (kv != null) {
            kv.close();
        }
    }

    private GatedStore start(Map<String, String> settings) {
        GatedStore store = new GatedStore();
        kv = KvSync.builder().properties(settings).store(store).workers(2)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(50)).onReport(reports::add).build();
        factory = HibernateFixture.build(HibernateFixture.configuration(
                "jdbc:h2:mem:kvsync-overflow-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null));
        KvSyncHibernate.register(factory, kv);
        return store;
    }

    private List<Customer> commitWhileTheStoreIsHeld(GatedStore store, int count) throws InterruptedException {
        List<Customer> customers = new ArrayList<>();
        customers.add(persist("first"));
        store.reached.await(); // the worker holds the first write at the gate: nothing drains from here on
        for (int i = 1; i < count; i++) {
            customers.add(persist("held-" + i));
        }
        // A key change and a delete, refused too: their old keys must go when they are read again.
        Customer renamed = customers.get(1);
        factory.inTransaction(session -> session.find(Customer.class, renamed.id).uuid = "renamed");
        renamed.uuid = "renamed";
        Customer deleted = customers.remove(2);
        factory.inTransaction(session -> session.remove(session.find(Customer.class, deleted.id)));
        return customers;
    }

    private Customer persist(String uuid) {
        Customer customer = new Customer(uuid, "name-" + uuid);
        factory.inTransaction(session -> session.persist(customer));
        return customer;
    }

    private void assertReplicated(List<Customer> customers) {
        for (Customer customer : customers) {
            assertThat(kv.fetch(Customer.probeByUuid(customer.uuid), "uuid")).as(customer.uuid).map(c -> c.id)
                    .contains(customer.id);
        }
        assertThat(kv.fetch(Customer.probeByUuid("held-1"), "uuid")).as("the key the rename retired").isEmpty();
        assertThat(kv.fetch(Customer.probeByUuid("held-2"), "uuid")).as("a key of the deleted row").isEmpty();
    }

    @Test
    void changes_a_full_queue_refused_are_read_again_from_the_database_once_it_has_room() throws Exception {
        // An engine offer timeout long enough that a commit waiting for room would hang the test.
        GatedStore store = start(Map.of("kvsync.queue.capacity", "2", "kvsync.queue.offer-timeout", "10m",
                "kvsync.outbox.poll-interval", "50ms"));

        List<Customer> customers = commitWhileTheStoreIsHeld(store, 12);

        assertThat(kv.stats().rejected()).isPositive();
        assertThat(KvSyncHibernate.rememberedOverflow(factory)).as("refused changes remembered").isPositive();
        store.open();
        HibernateFixture.eventually("every refused change is read again and written", WAIT,
                () -> KvSyncHibernate.rememberedOverflow(factory) == 0 && kv.stats().pending() == 0);
        kv.awaitIdle(WAIT);
        assertReplicated(customers);
    }

    @Test
    void when_the_memory_of_refused_changes_is_full_the_entity_type_is_reconciled() throws Exception {
        GatedStore store = start(Map.of("kvsync.queue.capacity", "2", "kvsync.queue.offer-timeout", "10m",
                "kvsync.hibernate.overflow-capacity", "1", "kvsync.outbox.poll-interval", "50ms"));

        List<Customer> customers = commitWhileTheStoreIsHeld(store, 12);

        assertThat(KvSyncHibernate.rememberedOverflow(factory)).as("only one change fits").isEqualTo(1);
        List<SyncReport> marks = reports.stream().filter(report -> report.error() instanceof KvSyncOverflowException)
                .toList();
        assertThat(marks).as("the mark is reported once through the callback, naming the type").singleElement()
                .satisfies(report -> {
                    assertThat(report.entityType()).isEqualTo(Customer.class);
                    assertThat(report.key()).isEqualTo(KvSyncOverflowException.EVERY_KEY);
                    assertThat(report.error()).hasMessageContaining(Customer.class.getName())
                            .hasMessageContaining("kvsync.hibernate.overflow-capacity");
                });
        store.open();
        HibernateFixture.eventually("the reconcile writes every row the overflow could not remember", WAIT,
                () -> customers.stream().allMatch(c -> kv.fetch(Customer.probeByUuid(c.uuid), "uuid").isPresent()));
        kv.awaitIdle(WAIT);
        for (Customer customer : customers) {
            assertThat(kv.fetch(Customer.probeByUuid(customer.uuid), "uuid")).as(customer.uuid).map(c -> c.id)
                    .contains(customer.id);
        }
    }
}
