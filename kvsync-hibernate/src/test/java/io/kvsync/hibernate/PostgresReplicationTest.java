package io.kvsync.hibernate;

import io.kvsync.tck.services.TestServices;

/** Hibernate replication on PostgreSQL at {@code KVSYNC_TEST_JDBC_URL} (CI sets it). */
class PostgresReplicationTest extends HibernateReplicationTestBase {

    @Override
    String jdbcUrl() {
        return TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
    }
}
