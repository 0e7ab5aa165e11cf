package io.kvsync.hibernate;

import io.kvsync.engine.KvSync;
import io.kvsync.spi.KvStore;
import io.kvsync.spi.KvWrite;
import io.kvsync.store.memory.MemoryKvStore;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.resource.jdbc.spi.StatementInspector;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A session factory on a real database, and the pieces tests look at: SQL count and store writes. */
final class HibernateFixture {

    /** Counts every SQL statement Hibernate prepares. */
    static final class SqlCounter implements StatementInspector {
        private static final long serialVersionUID = 1L;
        final AtomicInteger count = new AtomicInteger();
        final List<String> statements = new CopyOnWriteArrayList<>();

        @Override
        public String inspect(String sql) {
            count.incrementAndGet();
            statements.add(sql);
            return sql;
        }
    }

    /** A store (the memory store unless given one), recording every write it is given. */
    static class RecordingStore extends SharedMemoryStoreProvider.Unclosed {
        final KvStore delegate;
        final List<KvWrite> writes = new CopyOnWriteArrayList<>();

        RecordingStore() {
            this(MemoryKvStore.builder().build());
        }

        RecordingStore(KvStore delegate) {
            super(delegate);
            this.delegate = delegate;
        }

        @Override
        public void write(List<KvWrite> batch) {
            writes.addAll(batch);
            super.write(batch);
        }

        @Override
        public void write(List<KvWrite> batch, io.kvsync.spi.UncertainOrders uncertain) {
            writes.addAll(batch);
            super.write(batch, uncertain);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private HibernateFixture() {
    }

    static Configuration configuration(String jdbcUrl, SqlCounter counter) {
        Configuration configuration = new Configuration()
                .addAnnotatedClass(Customer.class)
                .addAnnotatedClass(PurchaseOrder.class)
                .addAnnotatedClass(AuditEntry.class)
                .addAnnotatedClass(Team.class)
                .addAnnotatedClass(Team.Player.class)
                .addAnnotatedClass(Member.class)
                .addAnnotatedClass(Organization.class)
                .addAnnotatedClass(Product.class)
                .setProperty("hibernate.connection.url", jdbcUrl)
                .setProperty("hibernate.connection.pool_size", "12")
                .setProperty("hibernate.hbm2ddl.auto", "create-drop")
                .setProperty("hibernate.jdbc.batch_size", "50");
        if (counter != null) {
            configuration.setStatementInspector(counter);
        }
        return configuration;
    }

    /** An engine on {@code store} with the default marshaler (BSON). */
    static KvSync kvSync(KvStore store) {
        return kvSync(store, null);
    }

    /** An engine on {@code store} with {@code marshaler}, or the default one when {@code null}. */
    static KvSync kvSync(KvStore store, io.kvsync.spi.Marshaler marshaler) {
        return kvSync(store, marshaler, Map.of());
    }

    /** Like {@link #kvSync(KvStore, io.kvsync.spi.Marshaler)}, with {@code kvsync.*} settings. */
    static KvSync kvSync(KvStore store, io.kvsync.spi.Marshaler marshaler, Map<String, String> settings) {
        io.kvsync.engine.KvSyncBuilder builder = KvSync.builder().properties(settings);
        if (marshaler != null) {
            builder.marshaler(marshaler);
        }
        return builder
                .store(store)
                .workers(2)
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(50))
                .build();
    }

    /** The settings of the outbox delivery, with a grace and poll interval short enough for tests. */
    static Map<String, String> outbox() {
        return Map.of("kvsync.delivery", "outbox", "kvsync.outbox.grace", "300ms",
                "kvsync.outbox.poll-interval", "100ms");
    }

    /** The rows in the (default) outbox table now. */
    static long outboxRows(SessionFactory sessionFactory) {
        return outboxRows(sessionFactory, "kvsync_outbox");
    }

    /** The rows in outbox table {@code table} now. */
    static long outboxRows(SessionFactory sessionFactory, String table) {
        return sessionFactory.fromStatelessTransaction(session -> ((Number) session
                .createNativeQuery("select count(*) from " + table, Object.class).getSingleResult()).longValue());
    }

    /** Drops outbox table {@code table}, so that a test starts without another run's rows. */
    static void dropOutbox(SessionFactory sessionFactory, String table) {
        sessionFactory.inStatelessTransaction(session -> session.createNativeMutationQuery("drop table if exists " + table)
                .executeUpdate());
    }

    /**
     * Waits until {@code condition} holds, checking every 20 ms, and fails naming {@code what} when it does not
     * within {@code timeout}: for what background threads (the outbox cleaner and relay) do in their time.
     */
    static void eventually(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }

    static SessionFactory build(Configuration configuration) {
        return configuration.buildSessionFactory();
    }
}
