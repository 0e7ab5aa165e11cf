package io.kvsync.hibernate;

import io.kvsync.engine.KvSync;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.tck.services.TestServices;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The randomized model of keys changing hands: eight threads run random transactions over members whose
 * unique emails come from a pool of {@value #EMAILS} and products whose assigned SKUs and unique slugs come
 * from pools of {@value #SKUS}, so that emails pass between members (delete then sign up, change away then
 * take), members are deleted and replaced in one transaction, products are deleted and inserted again under
 * their SKU, and unique-constraint violations roll transactions back, hundreds of times a run; some
 * transactions are rolled back on purpose.
 *
 * <p>A second store client, standing for a second instance that delivers late, replays what the first
 * one wrote, shuffled, while the workload runs and once more, all of it, at the end. Afterwards the store
 * must equal the database: every key of every row holds the row's state, and every other key of the
 * pools is absent. Extended once per store (and database) to test.
 */
public abstract class KeyHandoverModelContract {

    private static final int THREADS = 8;
    private static final int EMAILS = 16;
    private static final int SKUS = 8;
    /** Per cent of the transactions that roll back on purpose. */
    private static final int ROLLBACKS = 15;
    /**
     * Each new product row starts its versions a million below the last new row's: a re-inserted row's
     * versions restart below its earlier row's, as with JPA's default, but never at a version an earlier row
     * had. With equal versions, an optimistic delete of an earlier row that was loaded before it was
     * deleted would match the re-inserted row in the database and delete it, while Hibernate reports the
     * earlier row's state (see the Guarantees); that is the application's lost update, not the replica's.
     */
    private static final java.util.concurrent.atomic.AtomicLong FIRST_VERSIONS =
            new java.util.concurrent.atomic.AtomicLong(1_000_000_000_000L);

    /** The JDBC URL of the database: PostgreSQL at {@code KVSYNC_TEST_JDBC_URL} (skips, or fails, without it). */
    protected String jdbcUrl() {
        return TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
    }

    /**
     * A client of the store under test; every call returns a new client over the same data, as a second
     * JVM's would be. Tombstones must outlive the test (minutes): the final replay delivers writes from its
     * start.
     */
    protected abstract KvStore newStore();

    /** Whether the instance under test delivers through an outbox (whose table the settings must name). */
    private boolean outbox() {
        return "outbox".equals(settings().get("kvsync.delivery"));
    }

    /** The store the instance under test writes to: {@code store} itself unless a subclass slows it down. */
    protected KvStore primary(KvStore store) {
        return store;
    }

    /** The {@code kvsync.*} settings of the instance under test (its delivery, its queue). */
    protected Map<String, String> settings() {
        return Map.of();
    }

    /** How many transactions the run commits or rolls back in all. */
    protected int transactions() {
        return 4_000;
    }

    @Test
    public void after_thousands_of_random_hand_overs_and_late_shuffled_replays_the_store_equals_the_database()
            throws Exception {
        long seed = System.nanoTime();
        // The first instance's store, remembering every write it was given, for the replayer.
        HibernateFixture.RecordingStore primary = new HibernateFixture.RecordingStore(primary(newStore()));
        Outcomes outcomes = new Outcomes();
        // What each committed transaction touched, about in commit order: to explain a mismatch.
        List<String> journal = java.util.Collections.synchronizedList(new ArrayList<>());
        try (KvStore second = newStore();
             KvSync kv = KvSync.builder().properties(settings()).store(primary).workers(2)
                     .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(50)).build();
             SessionFactory sessionFactory = configuration().buildSessionFactory()) {
            if (outbox()) {
                HibernateFixture.dropOutbox(sessionFactory, settings().get("kvsync.outbox.table"));
            }
            KvSyncHibernate.register(sessionFactory, kv);
            LateReplayer replayer = new LateReplayer(primary.writes, second, new Random(seed));
            Thread replaying = new Thread(replayer, "late-replayer");
            replaying.start();
            try {
                runWorkload(sessionFactory, seed, outcomes, journal);
            } finally {
                replayer.stop();
                replaying.join(TimeUnit.SECONDS.toMillis(30));
            }
            awaitReplication(kv, sessionFactory);
            replayer.replayEverything();

            List<String> mismatches = StoreComparison.compare(sessionFactory, kv, primary.writes, journal);
            String summary = "seed " + seed + ", " + outcomes + ", " + replayer.replayed() + " writes replayed late, "
                    + kv.stats().rejected() + " writes refused by a full queue and delivered again";
            System.out.println("key hand-over model on " + getClass().getSimpleName() + ": " + summary);
            assertThat(mismatches).as(summary).isEmpty();
            assertThat(outcomes.count("email taken over")).as("emails passed from one member to another; %s", summary)
                    .isGreaterThanOrEqualTo(100);
            assertThat(outcomes.count("replace")).as("members deleted and replaced in one transaction; %s", summary)
                    .isGreaterThanOrEqualTo(20);
            assertThat(outcomes.count("product inserted again")).as("SKUs deleted and inserted again; %s", summary)
                    .isGreaterThanOrEqualTo(20);
            assertThat(outcomes.count("unique violation")).as("transactions rolled back by a unique key; %s", summary)
                    .isGreaterThanOrEqualTo(100);
            assertThat(replayer.replayed()).as("late writes replayed").isGreaterThan(primary.writes.size());
            if (settings().containsKey("kvsync.queue.capacity")) {
                assertThat(kv.stats().rejected()).as("a queue this small refuses, and the refused are delivered again; %s",
                        summary).isGreaterThanOrEqualTo(100);
            }
        }
    }

    /**
     * Waits until the instance has replicated everything: its queue is idle, and, with an outbox, the table is
     * empty (the relay has delivered what the small queue refused) and the queue idle again after it.
     */
    private void awaitReplication(KvSync kv, SessionFactory sessionFactory) {
        assertThat(kv.awaitIdle(Duration.ofMinutes(1))).as("replication finished").isTrue();
        if (outbox()) {
            HibernateFixture.eventually("the relay empties the outbox", Duration.ofMinutes(2),
                    () -> HibernateFixture.outboxRows(sessionFactory, settings().get("kvsync.outbox.table")) == 0);
        } else if (settings().containsKey("kvsync.queue.capacity")) {
            HibernateFixture.eventually("the refused changes are read again and written", Duration.ofMinutes(2),
                    () -> kv.stats().pending() == 0 && KvSyncHibernate.rememberedOverflow(sessionFactory) == 0);
        }
        assertThat(kv.awaitIdle(Duration.ofMinutes(1))).as("replication finished").isTrue();
    }

    private Configuration configuration() {
        return new Configuration()
                .addAnnotatedClass(Member.class)
                .addAnnotatedClass(Product.class)
                .setProperty("hibernate.connection.url", jdbcUrl())
                .setProperty("hibernate.connection.pool_size", String.valueOf(THREADS + 5))
                .setProperty("hibernate.hbm2ddl.auto", "create-drop");
    }

    private void runWorkload(SessionFactory sessionFactory, long seed, Outcomes outcomes, List<String> journal)
            throws Exception {
        AtomicInteger started = new AtomicInteger();
        Set<String> emailsEverTaken = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Random random = new Random(seed + t);
                workers.add(pool.submit(() -> {
                    while (started.incrementAndGet() <= transactions()) {
                        outcomes.add(new RandomTransaction(sessionFactory, random, emailsEverTaken, journal).run());
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(10, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static String email(int i) {
        return "e" + i + "@example.com";
    }

    static String sku(int i) {
        return "SKU-" + i;
    }

    static String slug(int i) {
        return "slug-" + i;
    }

    /** One random transaction; returns what it did, or why it rolled back. */
    private static final class RandomTransaction {

        private final SessionFactory sessionFactory;
        private final Random random;
        private final Set<String> emailsEverTaken;
        /** An email this transaction takes, to count as a hand-over once it commits. */
        private String taking;
        /** The rows it touched, for the journal. */
        private final StringBuilder touched = new StringBuilder();

        private final List<String> journal;

        RandomTransaction(SessionFactory sessionFactory, Random random, Set<String> emailsEverTaken, List<String> journal) {
            this.sessionFactory = sessionFactory;
            this.random = random;
            this.emailsEverTaken = emailsEverTaken;
            this.journal = journal;
        }

        private <T> T touch(T row) {
            touched.append(' ').append(row);
            return row;
        }

        String run() {
            try (Session session = sessionFactory.openSession()) {
                Transaction tx = session.beginTransaction();
                try {
                    String outcome = change(session);
                    session.flush();
                    if (random.nextInt(100) < ROLLBACKS) {
                        tx.rollback();
                        return "rollback";
                    }
                    tx.commit();
                    journal.add(outcome + touched);
                    if (taking != null && !emailsEverTaken.add(taking)) {
                        return outcome + "; email taken over";
                    }
                    return outcome;
                } catch (RuntimeException e) {
                    if (tx.isActive()) {
                        tx.rollback();
                    }
                    if (isUniqueViolation(e)) {
                        return "unique violation";
                    }
                    journal.add("lost race (" + e + ")" + touched);
                    return "lost race";
                }
            }
        }

        private String change(Session session) {
            int dice = random.nextInt(100);
            if (dice < 15) {
                return signUp(session);
            }
            if (dice < 60) {
                Member member = memberWith(session, email(random.nextInt(EMAILS)));
                if (member != null) {
                    touch(member);
                }
                if (member == null) {
                    return signUp(session);
                }
                if (dice < 30) {
                    member.email = take(email(random.nextInt(EMAILS)));
                    return "email change";
                }
                if (dice < 40) {
                    member.name = "n" + random.nextInt(1000);
                    return "member update";
                }
                if (dice < 50) {
                    session.remove(member);
                    return "member delete";
                }
                // The "replace" idiom: the old row goes, a new one takes its email in the same transaction.
                session.remove(member);
                session.flush();
                session.persist(touch(new Member(take(member.email), "replacement " + random.nextInt(1000))));
                return "replace";
            }
            Product product = session.find(Product.class, sku(random.nextInt(SKUS)));
            if (product != null) {
                touch(product);
            }
            if (product == null) {
                session.persist(touch(newProduct(sku(random.nextInt(SKUS)), slug(random.nextInt(SKUS)), "t" + random.nextInt(1000))));
                return "product insert";
            }
            if (dice < 72) {
                product.title = "t" + random.nextInt(1000);
                return "product update";
            }
            if (dice < 80) {
                product.slug = slug(random.nextInt(SKUS));
                return "slug change";
            }
            if (dice < 88) {
                session.remove(product);
                return "product delete";
            }
            session.remove(product);
            session.flush();
            session.persist(touch(newProduct(product.sku, slug(random.nextInt(SKUS)), "again " + random.nextInt(1000))));
            return "product inserted again";
        }

        private static Product newProduct(String sku, String slug, String title) {
            Product product = new Product(sku, slug, title);
            product.version = FIRST_VERSIONS.addAndGet(-1_000_000);
            return product;
        }

        private String signUp(Session session) {
            session.persist(touch(new Member(take(email(random.nextInt(EMAILS))), "n" + random.nextInt(1000))));
            return "sign-up";
        }

        private String take(String email) {
            taking = email;
            return email;
        }

        private static Member memberWith(Session session, String email) {
            return session.createSelectionQuery("from Member where email = :email", Member.class)
                    .setParameter("email", email)
                    .uniqueResult();
        }

        private static boolean isUniqueViolation(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof org.hibernate.exception.ConstraintViolationException) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Counts of what the transactions did, by kind. Thread-safe. */
    private static final class Outcomes {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

        void add(String outcome) {
            for (String part : outcome.split("; ")) {
                counts.computeIfAbsent(part, o -> new AtomicInteger()).incrementAndGet();
            }
        }

        int count(String kind) {
            AtomicInteger count = counts.get(kind);
            return count == null ? 0 : count.get();
        }

        @Override
        public String toString() {
            return new TreeMap<>(counts).toString();
        }
    }

    /**
     * The second instance: delivers copies of the first one's writes late and in random order, with the
     * claims and versions they were written with, as a slow JVM or a retry would.
     */
    private static final class LateReplayer implements Runnable {
        private static final int BATCH = 32;
        private final List<KvWrite> source;
        private final KvStore store;
        private final Random random;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger replayed = new AtomicInteger();

        LateReplayer(List<KvWrite> source, KvStore store, Random random) {
            this.source = source;
            this.store = store;
            this.random = random;
        }

        @Override
        public void run() {
            while (running.get()) {
                int size = source.size();
                if (size > 0) {
                    List<KvWrite> batch = new ArrayList<>(BATCH);
                    for (int i = 0; i < BATCH; i++) {
                        batch.add(source.get(random.nextInt(size)));
                    }
                    store.write(batch);
                    replayed.addAndGet(batch.size());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
            }
        }

        void stop() {
            running.set(false);
        }

        /** Every write the first instance delivered, shuffled, after it went idle. */
        void replayEverything() {
            List<KvWrite> all = new ArrayList<>(source);
            Collections.shuffle(all, random);
            for (int from = 0; from < all.size(); from += BATCH) {
                store.write(all.subList(from, Math.min(all.size(), from + BATCH)));
            }
            replayed.addAndGet(all.size());
        }

        int replayed() {
            return replayed.get();
        }
    }

    /** What must be in the store: each row under each key, and nothing under the pools' other keys. */
    private static final class StoreComparison {

        static List<String> compare(SessionFactory sessionFactory, KvSync kv, List<KvWrite> written,
                                    List<String> journal) {
            List<String> mismatches = new ArrayList<>();
            for (String mismatch : compareRows(sessionFactory, kv)) {
                String key = mismatch.substring(0, mismatch.indexOf(": "));
                List<KvWrite> history = written.stream().filter(write -> write.key().equals(key)).toList();
                String value = key.substring(key.lastIndexOf(':') + 1);
                String token = key.startsWith("member:id:") ? "Member[" + value + "," : value + ",";
                List<String> commits;
                synchronized (journal) {
                    commits = journal.stream().filter(entry -> entry.contains(token)).toList();
                }
                mismatches.add(mismatch + "; the first instance wrote, in order: "
                        + history.subList(Math.max(0, history.size() - 8), history.size())
                        + "; the last commits that touched it: " + commits.subList(Math.max(0, commits.size() - 6), commits.size()));
            }
            return mismatches;
        }

        private static List<String> compareRows(SessionFactory sessionFactory, KvSync kv) {
            List<Member> members = sessionFactory.fromSession(session ->
                    session.createSelectionQuery("from Member", Member.class).getResultList());
            List<Product> products = sessionFactory.fromSession(session ->
                    session.createSelectionQuery("from Product", Product.class).getResultList());
            Long lastId = sessionFactory.fromSession(session ->
                    session.createSelectionQuery("select max(id) from Member", Long.class).getSingleResult());
            List<String> mismatches = new ArrayList<>();
            Set<String> justified = new java.util.HashSet<>();
            for (Member row : members) {
                for (String key : row.syncKeys().values()) {
                    justified.add(key);
                    Member stored = kv.fetchByKey(Member.class, key).orElse(null);
                    if (stored == null || !Objects.equals(stored.id, row.id) || !Objects.equals(stored.email, row.email)
                            || !Objects.equals(stored.name, row.name) || stored.version != row.version) {
                        mismatches.add(key + ": database has " + row + " but store has " + stored);
                    }
                }
            }
            for (Product row : products) {
                for (String key : row.syncKeys().values()) {
                    justified.add(key);
                    Product stored = kv.fetchByKey(Product.class, key).orElse(null);
                    if (stored == null || !Objects.equals(stored.sku, row.sku) || !Objects.equals(stored.slug, row.slug)
                            || !Objects.equals(stored.title, row.title) || stored.version != row.version) {
                        mismatches.add(key + ": database has " + row + " but store has " + stored);
                    }
                }
            }
            List<String> unjustified = new ArrayList<>();
            for (int i = 0; i < EMAILS; i++) {
                unjustified.add("account:email:" + email(i));
            }
            for (int i = 0; i < SKUS; i++) {
                unjustified.add("product:sku:" + sku(i));
                unjustified.add("product:slug:" + slug(i));
            }
            for (long id = 1; lastId != null && id <= lastId + 50; id++) {
                unjustified.add("member:id:" + id);
            }
            unjustified.removeAll(justified);
            kv.fetchBytes(unjustified).keySet().forEach(key ->
                    mismatches.add(key + ": no row has it, but the store still holds a value"));
            return mismatches;
        }
    }
}
