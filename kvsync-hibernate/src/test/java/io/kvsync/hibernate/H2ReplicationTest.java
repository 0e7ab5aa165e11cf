package io.kvsync.hibernate;

import java.util.UUID;

/** Hibernate replication on an in-memory H2 database: always runs. */
class H2ReplicationTest extends HibernateReplicationTestBase {

    @Override
    String jdbcUrl() {
        return "jdbc:h2:mem:kvsync-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }
}
