package io.kvsync.hibernate;

import java.util.UUID;

class H2ConcurrentReplicationTest extends ConcurrentReplicationTestBase {

    @Override
    String jdbcUrl() {
        return "jdbc:h2:mem:concurrent-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }
}
