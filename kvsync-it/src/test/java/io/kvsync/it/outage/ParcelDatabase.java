package io.kvsync.it.outage;

import io.kvsync.tck.services.TestServices;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/** The PostgreSQL database of the outage tests: only the {@link Parcel} table, created and dropped per test. */
final class ParcelDatabase {

    private ParcelDatabase() {
    }

    /**
     * A session factory on {@code KVSYNC_TEST_JDBC_URL} with a fresh {@code it_outage_parcel} table; skips
     * the test when PostgreSQL is not configured (fails it under {@code -Dkvsync.test.require-services=true}).
     */
    static SessionFactory open() {
        String jdbcUrl = TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
        return new Configuration()
                .addAnnotatedClass(Parcel.class)
                .setProperty("hibernate.connection.url", jdbcUrl)
                // Eight committers plus the comparing thread, each holding a connection at most.
                .setProperty("hibernate.connection.pool_size", "12")
                .setProperty("hibernate.hbm2ddl.auto", "create-drop")
                .buildSessionFactory();
    }

    /** Inserts {@code count} rows in one transaction, with codes {@code prefix0}, {@code prefix1}, … */
    static void insertRows(SessionFactory database, int count, String prefix) {
        database.inTransaction(session -> {
            for (int i = 0; i < count; i++) {
                session.persist(new Parcel(prefix + i, "created"));
            }
        });
    }
}
