package io.kvsync.demo;

import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/** The demo's schema on H2 or PostgreSQL, created fresh and dropped when the demo ends. */
final class DemoDatabase {

    private DemoDatabase() {
    }

    static SessionFactory open(String jdbcUrl) {
        return new Configuration()
                .addAnnotatedClass(Member.class)
                .addAnnotatedClass(Ticket.class)
                .setProperty("hibernate.connection.url", jdbcUrl)
                .setProperty("hibernate.connection.pool_size", "8")
                .setProperty("hibernate.hbm2ddl.auto", "create-drop")
                .setProperty("hibernate.jdbc.batch_size", "100")
                .setProperty("hibernate.order_inserts", "true")
                .buildSessionFactory();
    }
}
