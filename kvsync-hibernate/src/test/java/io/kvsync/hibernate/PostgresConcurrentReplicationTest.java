package io.kvsync.hibernate;

import io.kvsync.tck.services.TestServices;

class PostgresConcurrentReplicationTest extends ConcurrentReplicationTestBase {

    @Override
    String jdbcUrl() {
        return TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
    }
}
