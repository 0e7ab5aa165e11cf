package io.kvsync.hibernate;

import java.util.Map;
import java.util.UUID;

/** Every replication case of {@link HibernateReplicationTestBase} on H2, delivered through the outbox. */
class H2OutboxReplicationTest extends HibernateReplicationTestBase {

    @Override
    String jdbcUrl() {
        return "jdbc:h2:mem:kvsync-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    Map<String, String> settings() {
        return HibernateFixture.outbox();
    }
}
