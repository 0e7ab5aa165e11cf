package io.kvsync.it.outbox;

import io.kvsync.tck.services.TestServices;

/**
 * A commit during a relay that waits for the store ({@link CommitDuringRelayTestBase}), on MariaDB: where a
 * relay that held its claimed rows locked while the store took them (repeatable read locks the supremum of
 * the table its claim scans) made every commit's outbox insert wait for the store.
 */
class MariaDbCommitDuringRelayTest extends CommitDuringRelayTestBase {

    @Override
    String jdbcUrl() {
        return TestServices.require(TestServices.mariaDbUrl(), "MariaDB (KVSYNC_TEST_MARIADB_URL)");
    }
}
