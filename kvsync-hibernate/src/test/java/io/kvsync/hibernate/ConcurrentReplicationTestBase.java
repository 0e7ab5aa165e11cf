package io.kvsync.hibernate;

import io.kvsync.engine.KvSync;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Eight threads run random insert/update/key-change/delete transactions, some rolled back, some losing
 * optimistic-lock races; afterwards the store must equal what the database says.
 */
abstract class ConcurrentReplicationTestBase {

    private static final int THREADS = 8;
    private static final int TRANSACTIONS = 10_000;

    abstract String jdbcUrl();

    @Test
    void after_ten_thousand_random_transactions_on_eight_threads_the_store_equals_the_database() throws Exception {
        long seed = System.nanoTime();
        HibernateFixture.RecordingStore store = new HibernateFixture.RecordingStore();
        try (KvSync kv = HibernateFixture.kvSync(store);
             SessionFactory sessionFactory = HibernateFixture.build(HibernateFixture.configuration(jdbcUrl(), null))) {
            KvSyncHibernate.register(sessionFactory, kv);
            List<Long> ids = new CopyOnWriteArrayList<>();
            Set<String> everUsedKeys = ConcurrentHashMap.newKeySet();
            AtomicInteger started = new AtomicInteger();
            Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(seed + t);
                workers.add(pool.submit(() -> {
                    while (started.incrementAndGet() <= TRANSACTIONS) {
                        String outcome = randomTransaction(sessionFactory, random, ids, everUsedKeys);
                        outcomes.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertThat(kv.awaitIdle(Duration.ofMinutes(1))).isTrue();

            List<String> mismatches = compare(sessionFactory, kv, everUsedKeys);
            assertThat(mismatches).as("seed %d, outcomes %s", seed, outcomes).isEmpty();
            assertThat(outcomes.keySet()).as("the mix exercised every path").contains("insert", "update", "key change", "delete", "rollback");
        }
    }

    private static String randomTransaction(SessionFactory sessionFactory, Random random, List<Long> ids, Set<String> everUsedKeys) {
        int dice = random.nextInt(100);
        try (Session session = sessionFactory.openSession()) {
            Transaction tx = session.beginTransaction();
            String outcome;
            Customer customer = null;
            if (dice < 30 || ids.size() < 20) {
                customer = new Customer(java.util.UUID.randomUUID().toString(), "n" + random.nextInt(1000));
                session.persist(customer);
                outcome = "insert";
            } else {
                customer = session.find(Customer.class, ids.get(random.nextInt(ids.size())));
                if (customer == null) {
                    tx.rollback();
                    return "gone";
                }
                remember(customer, everUsedKeys);
                if (dice < 70) {
                    customer.name = "n" + random.nextInt(1000);
                    outcome = "update";
                } else if (dice < 85) {
                    customer.uuid = java.util.UUID.randomUUID().toString();
                    outcome = "key change";
                } else {
                    session.remove(customer);
                    outcome = "delete";
                }
            }
            session.flush();
            remember(customer, everUsedKeys);
            if (random.nextInt(10) == 0) {
                tx.rollback();
                return "rollback";
            }
            try {
                tx.commit();
            } catch (RuntimeException e) {
                return "lost race";
            }
            if (outcome.equals("insert")) {
                ids.add(customer.id);
            }
            return outcome;
        } catch (jakarta.persistence.OptimisticLockException | org.hibernate.StaleStateException e) {
            return "lost race";
        }
    }

    private static void remember(Customer customer, Set<String> everUsedKeys) {
        if (customer.id != null) {
            everUsedKeys.addAll(customer.syncKeys().values());
        }
    }

    /** Every key of every row holds the row's state; every other key ever used is absent. */
    private static List<String> compare(SessionFactory sessionFactory, KvSync kv, Set<String> everUsedKeys) {
        List<Customer> rows = sessionFactory.fromSession(session ->
                session.createSelectionQuery("from Customer", Customer.class).getResultList());
        List<String> mismatches = new ArrayList<>();
        Set<String> justified = ConcurrentHashMap.newKeySet();
        for (Customer row : rows) {
            for (String key : row.syncKeys().values()) {
                justified.add(key);
                Customer stored = kv.fetchByKey(Customer.class, key).orElse(null);
                if (stored == null || !Objects.equals(stored.name, row.name) || !Objects.equals(stored.uuid, row.uuid)
                        || stored.version != row.version) {
                    mismatches.add(key + ": database has " + row + " but store has " + stored);
                }
            }
        }
        for (String key : everUsedKeys) {
            if (!justified.contains(key) && kv.fetchByKey(Customer.class, key).isPresent()) {
                mismatches.add(key + ": no row justifies it, but the store still has it");
            }
        }
        return mismatches;
    }
}
