package io.kvsync.it.outbox;

import io.kvsync.tck.services.TestServices;

/** A commit during a relay that waits for the store ({@link CommitDuringRelayTestBase}), on PostgreSQL. */
class PostgresCommitDuringRelayTest extends CommitDuringRelayTestBase {

    @Override
    String jdbcUrl() {
        return TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
    }
}
