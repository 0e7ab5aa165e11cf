package io.kvsync.hibernate;

import io.kvsync.tck.services.TestServices;

import java.util.Map;

/** Every replication case of {@link HibernateReplicationTestBase} on MariaDB, delivered through the outbox. */
class MariaDbOutboxReplicationTest extends HibernateReplicationTestBase {

    @Override
    String jdbcUrl() {
        return TestServices.require(TestServices.mariaDbUrl(), "MariaDB (KVSYNC_TEST_MARIADB_URL)");
    }

    @Override
    Map<String, String> settings() {
        return HibernateFixture.outbox();
    }
}
