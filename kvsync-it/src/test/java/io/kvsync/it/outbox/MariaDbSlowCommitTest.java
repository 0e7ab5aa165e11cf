package io.kvsync.it.outbox;

import io.kvsync.tck.services.TestServices;

/**
 * A transaction slow to commit ({@link SlowCommitTestBase}), on MariaDB: where the relay's batch read (a
 * skip-locked lock Hibernate rendered as a plain {@code for update}) and the cleaner's {@code delete … where
 * id in (…)} both scanned the small tables and waited for the held transaction's rows.
 */
class MariaDbSlowCommitTest extends SlowCommitTestBase {

    @Override
    String jdbcUrl() {
        return TestServices.require(TestServices.mariaDbUrl(), "MariaDB (KVSYNC_TEST_MARIADB_URL)");
    }
}
