package io.kvsync.it.outbox;

import io.kvsync.tck.services.TestServices;

/** The kill -9 proof ({@link KillNineRelayTestBase}) on MariaDB at {@code KVSYNC_TEST_MARIADB_URL}. */
class MariaDbKillNineRelayTest extends KillNineRelayTestBase {

    @Override
    String jdbcUrl() {
        return TestServices.require(TestServices.mariaDbUrl(), "MariaDB (KVSYNC_TEST_MARIADB_URL)");
    }
}
