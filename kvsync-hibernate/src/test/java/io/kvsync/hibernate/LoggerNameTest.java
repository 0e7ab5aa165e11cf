package io.kvsync.hibernate;

import io.kvsync.engine.KvSync;
import io.kvsync.tck.logging.LogCapture;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** The Hibernate integration logs under {@code io.kvsync.hibernate}, apart from the engine and stores. */
class LoggerNameTest {

    @Test
    void a_committed_change_that_cannot_be_replicated_is_logged_under_io_kvsync_hibernate() {
        List<LogRecord> records;
        try (LogCapture logs = LogCapture.start();
             SessionFactory sessionFactory = HibernateFixture.configuration(
                     "jdbc:h2:mem:logger-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null).buildSessionFactory()) {
            KvSync kv = HibernateFixture.kvSync(new HibernateFixture.RecordingStore());
            KvSyncHibernate.register(sessionFactory, kv);
            kv.close(); // the commit below succeeds; its replication cannot
            sessionFactory.inTransaction(session -> session.persist(new Customer("logged", "after close")));
            records = logs.records();
        }

        assertThat(records).filteredOn(r -> r.getLevel() == Level.WARNING)
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getLoggerName()).isEqualTo("io.kvsync.hibernate");
                    assertThat(r.getMessage()).contains("not replicated").contains(Customer.class.getName());
                });
    }
}
