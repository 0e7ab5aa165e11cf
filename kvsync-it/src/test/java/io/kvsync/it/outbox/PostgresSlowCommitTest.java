package io.kvsync.it.outbox;

import io.kvsync.tck.services.TestServices;

/**
 * A transaction slow to commit ({@link SlowCommitTestBase}), on PostgreSQL: where a second process's start-up
 * ran {@code create index if not exists} on the existing outbox table, whose share lock waited for the held
 * transaction, and every later commit queued behind it.
 */
class PostgresSlowCommitTest extends SlowCommitTestBase {

    @Override
    String jdbcUrl() {
        return TestServices.require(TestServices.jdbcUrl(), "PostgreSQL (KVSYNC_TEST_JDBC_URL)");
    }
}
