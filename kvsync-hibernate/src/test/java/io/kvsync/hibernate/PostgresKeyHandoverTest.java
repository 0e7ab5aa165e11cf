package io.kvsync.hibernate;

import io.kvsync.tck.services.TestServices;

/** Keys that pass between rows, on PostgreSQL at {@code KVSYNC_TEST_JDBC_URL} (CI sets it). */
class PostgresKeyHandoverTest extends KeyHandoverTestBase {

    @Override
    String jdbcUrl() {
        return TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
    }
}
