package io.kvsync.sample;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same journey with {@code kvsync.delivery=outbox}: every commit also records its changes in the
 * outbox table, on the Hibernate that Boot manages; health then shows the outbox's depth.
 */
class PostgresRedisOutboxSampleTest extends PostgresRedisSampleTest {

    @DynamicPropertySource
    static void outbox(DynamicPropertyRegistry registry) {
        registry.add("kvsync.delivery", () -> "outbox");
        registry.add("kvsync.outbox.table", () -> "kvsync_sample_outbox");
    }

    @Override
    boolean deliversThroughAnOutbox() {
        return true;
    }
}
