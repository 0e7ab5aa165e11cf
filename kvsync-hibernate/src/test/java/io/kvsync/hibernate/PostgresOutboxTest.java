package io.kvsync.hibernate;

import io.kvsync.tck.services.TestServices;

/** The outbox on PostgreSQL at {@code KVSYNC_TEST_JDBC_URL}. */
class PostgresOutboxTest extends OutboxTestBase {

    @Override
    String jdbcUrl() {
        return TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
    }
}
