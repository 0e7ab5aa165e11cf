package io.kvsync.hibernate;

import io.kvsync.tck.services.TestServices;

import java.util.Map;

/** Every replication case of {@link HibernateReplicationTestBase} on PostgreSQL, delivered through the outbox. */
class PostgresOutboxReplicationTest extends HibernateReplicationTestBase {

    @Override
    String jdbcUrl() {
        return TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
    }

    @Override
    Map<String, String> settings() {
        return HibernateFixture.outbox();
    }
}
