package io.kvsync.hibernate;

import io.kvsync.tck.services.TestServices;

/** The outbox on MariaDB at {@code KVSYNC_TEST_MARIADB_URL}. */
class MariaDbOutboxTest extends OutboxTestBase {

    @Override
    String jdbcUrl() {
        return TestServices.require(TestServices.mariaDbUrl(), "MariaDB (KVSYNC_TEST_MARIADB_URL)");
    }
}
