package io.kvsync.it.outbox;

import io.kvsync.tck.services.TestServices;

/** The kill -9 proof ({@link KillNineRelayTestBase}) on PostgreSQL at {@code KVSYNC_TEST_JDBC_URL}. */
class PostgresKillNineRelayTest extends KillNineRelayTestBase {

    @Override
    String jdbcUrl() {
        return TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
    }
}
