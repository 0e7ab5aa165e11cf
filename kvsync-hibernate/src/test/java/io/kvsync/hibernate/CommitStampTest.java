package io.kvsync.hibernate;

import io.kvsync.engine.CommitClock;
import io.kvsync.engine.KvSync;
import io.kvsync.spi.KvWrite;
import org.h2.jdbcx.JdbcDataSource;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stamps of a transaction's changes are drawn before its commit (so that a transaction that takes a
 * key after another released it carries the later stamps), one per change, in the order the statements
 * ran. The database's commits are observed at the JDBC connection, which draws a stamp of its own just
 * before each commit reaches the database.
 */
class CommitStampTest {

    /** A stamp drawn as each JDBC commit begins. */
    private final List<Long> commitStamps = new CopyOnWriteArrayList<>();
    /** A stamp drawn as each statement (or batch of statements) that changes rows has run. */
    private final List<Long> statementStamps = new CopyOnWriteArrayList<>();

    @Test
    void each_change_carries_a_stamp_drawn_before_its_commit_one_per_change_in_statement_order() {
        HibernateFixture.RecordingStore store = new HibernateFixture.RecordingStore();
        try (KvSync kv = HibernateFixture.kvSync(store);
             SessionFactory sessionFactory = sessionFactoryObservingCommits()) {
            KvSyncHibernate.register(sessionFactory, kv);
            Product old = new Product("SKU-1", "lamp", "old lamp");
            sessionFactory.inTransaction(session -> session.persist(old));
            commitStamps.clear();
            // The new row takes another slug, so that each key below has one write of this transaction.
            sessionFactory.inTransaction(session -> {
                session.remove(session.find(Product.class, "SKU-1"));
                session.flush();
                session.persist(new Product("SKU-1", "lamp-2", "new lamp"));
            });
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();

            KvWrite delete = lastWriteOf(store, "product:slug:lamp");
            KvWrite insert = lastWriteOf(store, "product:slug:lamp-2");
            assertThat(delete).isInstanceOf(KvWrite.Delete.class);
            assertThat(insert).isInstanceOf(KvWrite.Put.class);
            assertThat(commitStamps).as("the replacing transaction's commit").hasSize(1);
            long commit = commitStamps.get(0);
            assertThat(delete.claim().stamp()).as("the delete's stamp, before the commit").isLessThan(commit);
            assertThat(insert.claim().stamp()).as("the insert's, the next one").isEqualTo(delete.claim().stamp() + 1);
            assertThat(insert.claim().born()).as("the insert begins a new incarnation").isEqualTo(insert.claim().stamp());
            assertThat(insert.claim().origin()).isEqualTo(CommitClock.origin());
        }
    }

    @Test
    void a_replace_that_rolled_back_leaves_the_birth_of_the_row_that_stays() {
        HibernateFixture.RecordingStore store = new HibernateFixture.RecordingStore();
        try (KvSync kv = HibernateFixture.kvSync(store);
             SessionFactory sessionFactory = sessionFactoryObservingCommits()) {
            KvSyncHibernate.register(sessionFactory, kv);
            sessionFactory.inTransaction(session -> session.persist(new Product("SKU-3", "chair", "chair")));
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();
            long born = lastWriteOf(store, "product:sku:SKU-3").claim().born();
            // Deleted and inserted again in one transaction that then rolls back: the row of the first insert stays.
            try (org.hibernate.Session session = sessionFactory.openSession()) {
                org.hibernate.Transaction tx = session.beginTransaction();
                session.remove(session.find(Product.class, "SKU-3"));
                session.flush();
                session.persist(new Product("SKU-3", "chair", "another chair"));
                session.flush();
                tx.rollback();
            }
            sessionFactory.inTransaction(session -> session.find(Product.class, "SKU-3").title = "armchair");
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();

            KvWrite update = lastWriteOf(store, "product:sku:SKU-3");
            assertThat(update.claim().stamp()).as("the update's own write").isGreaterThan(born);
            assertThat(update.claim().born()).as("the birth of the committed insert, not of the rolled-back one")
                    .isEqualTo(born);
        }
    }

    @Test
    void a_stateless_sessions_stamps_are_drawn_after_its_batched_statements_ran_and_before_its_commit() {
        HibernateFixture.RecordingStore store = new HibernateFixture.RecordingStore();
        try (KvSync kv = HibernateFixture.kvSync(store);
             SessionFactory sessionFactory = sessionFactoryObservingCommits()) {
            KvSyncHibernate.register(sessionFactory, kv);
            try (org.hibernate.StatelessSession session = sessionFactory.openStatelessSession()) {
                session.setJdbcBatchSize(10); // the inserts wait in a JDBC batch until the transaction ends
                org.hibernate.Transaction tx = session.beginTransaction();
                session.insert(new Product("SKU-7", "desk", "desk"));
                session.insert(new Product("SKU-8", "shelf", "shelf"));
                statementStamps.clear();
                commitStamps.clear();
                tx.commit();
            }
            assertThat(kv.awaitIdle(Duration.ofSeconds(30))).isTrue();

            assertThat(statementStamps).as("the batch, run at the end of the transaction").isNotEmpty();
            assertThat(commitStamps).hasSize(1);
            for (String key : List.of("product:sku:SKU-7", "product:sku:SKU-8")) {
                long stamp = lastWriteOf(store, key).claim().stamp();
                assertThat(stamp).as("the stamp of %s, after the statements ran", key)
                        .isGreaterThan(statementStamps.get(statementStamps.size() - 1));
                assertThat(stamp).as("the stamp of %s, before the commit", key).isLessThan(commitStamps.get(0));
            }
        }
    }

    private static KvWrite lastWriteOf(HibernateFixture.RecordingStore store, String key) {
        List<KvWrite> writes = store.writes.stream().filter(write -> write.key().equals(key)).toList();
        assertThat(writes).as("writes of %s", key).isNotEmpty();
        return writes.get(writes.size() - 1);
    }

    private SessionFactory sessionFactoryObservingCommits() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:stamps-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Configuration configuration = new Configuration()
                .addAnnotatedClass(Product.class)
                .setProperty("hibernate.hbm2ddl.auto", "create-drop");
        configuration.getProperties().put("hibernate.connection.datasource", observingCommits(h2));
        return configuration.buildSessionFactory();
    }

    private DataSource observingCommits(DataSource real) {
        return proxy(DataSource.class, real, (method, args, result) -> result instanceof Connection connection
                ? proxy(Connection.class, connection, (m, a, r) -> r instanceof java.sql.PreparedStatement statement
                        ? proxy(java.sql.PreparedStatement.class, statement, null) : r)
                : result);
    }

    private interface ResultMapper {
        Object map(java.lang.reflect.Method method, Object[] args, Object result);
    }

    @SuppressWarnings("unchecked")
    private <T> T proxy(Class<T> type, T real, ResultMapper mapper) {
        InvocationHandler handler = (self, method, args) -> {
            if (type == Connection.class && method.getName().equals("commit")) {
                commitStamps.add(CommitClock.next());
            }
            try {
                Object result = method.invoke(real, args);
                if (type == java.sql.PreparedStatement.class && method.getName().startsWith("execute")
                        && !method.getName().equals("executeQuery")) {
                    statementStamps.add(CommitClock.next());
                }
                return mapper == null ? result : mapper.map(method, args, result);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
